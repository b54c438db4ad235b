#!/usr/bin/env python3
"""Writes migrations/sqlite/0002_shipped_catalogue.sql from reference/*.csv.

Run once when the shipped catalogue is first created; a migration, once applied anywhere, is
never edited: a later catalogue change is a new migration file (0006 is written by
scripts/generate-catalogue-update.py, which compares reference/ with what this one shipped).
reference/ has changed since 0002 was written, so this script refuses to overwrite it.
"""
import csv
import decimal
import pathlib
import sys

root = pathlib.Path(__file__).resolve().parent.parent
out = root / "migrations" / "sqlite" / "0002_shipped_catalogue.sql"
if out.exists():
    raise SystemExit(f"{out.relative_to(root)} exists and is never rewritten: see the docstring")


def q(text):
    return "NULL" if text is None or text == "" else "'" + str(text).replace("'", "''") + "'"


def t(text):
    return "'" + (text or "").replace("'", "''") + "'"


def num(text, scale=1.0, integer=False):
    if text is None or text == "":
        return "NULL"
    value = float(decimal.Decimal(text) * decimal.Decimal(repr(scale)))
    if integer:
        return str(int(round(value)))
    return repr(value) if value != int(value) else str(int(value)) + ".0"


lines = [
    "-- Envelope ledger, schema version 2: the shipped catalogue.",
    "-- Generated once by scripts/generate-catalogue-migration.py from reference/*.csv (dense peak",
    "-- rates; memory in bytes; bandwidth in bytes/s). Never edit: change the catalogue in a new",
    "-- migration.",
    "",
]
with open(root / "reference" / "gpus.csv", newline="") as f:
    for r in csv.DictReader(f):
        notes = r["notes"]
        if r["confidence"] != "datasheet":
            notes = f"[{r['confidence']}] {notes}"
        lines.append(
            "INSERT INTO gpus (id, name, vendor, fp64_flops, fp32_flops, tf32_flops, fp16_flops, "
            "bf16_flops, fp8_flops, int8_ops, memory_bytes, memory_bandwidth_bytes_per_second, "
            "tdp_watts, source, notes) VALUES ("
            + ", ".join([
                q(r["id"]), q(r["name"]), t(r["vendor"]),
                num(r["fp64_tflops"], 1e12), num(r["fp32_tflops"], 1e12),
                num(r["tf32_tflops"], 1e12), num(r["fp16_tflops"], 1e12),
                num(r["bf16_tflops"], 1e12), num(r["fp8_tflops"], 1e12),
                num(r["int8_tops"], 1e12), num(r["memory_gb"], 1e9, integer=True),
                num(r["bandwidth_tb_s"], 1e12), num(r["tdp_w"]), t(r["source"]), t(notes),
            ])
            + ");"
        )
lines.append("")
with open(root / "reference" / "models.csv", newline="") as f:
    for r in csv.DictReader(f):
        # C: tokens per request for text models (the seed's 500), denoising steps for diffusion
        # (28, SD 3.5 Large's default; its notes say 28-50).
        constant = "28.0" if r["kind"] == "image" else "500.0"
        lines.append(
            "INSERT INTO models (id, name, family, kind, parameters, active_parameters, "
            "architecture_constant, layers, hidden_size, ffn_size, attention_heads, kv_heads, "
            "head_dim, vocab_size, context_length, source, notes) VALUES ("
            + ", ".join([
                q(r["id"]), q(r["name"]), q(r["family"]), q(r["kind"]),
                num(r["params"], integer=True), num(r["active_params"], integer=True), constant,
                num(r["layers"], integer=True), num(r["hidden"], integer=True),
                num(r["ffn"], integer=True), num(r["attention_heads"], integer=True),
                num(r["kv_heads"], integer=True), num(r["head_dim"], integer=True),
                num(r["vocab"], integer=True), num(r["context"], integer=True),
                t(r["source"]), t(r["notes"]),
            ])
            + ");"
        )
lines += [
    "",
    "-- The seed's round 3B model, so that scenario seed-chat reproduces the seed's figures; its",
    "-- architecture is Llama 3.2 3B's, which the seed rounds to 3B, for the roofline method.",
    "INSERT INTO models (id, name, family, kind, parameters, architecture_constant, layers,"
    " hidden_size, ffn_size, attention_heads, kv_heads, head_dim, vocab_size, context_length,"
    " source, notes) SELECT 'seed-3b', 'Seed example 3B', 'Seed', 'text', 3000000000, 500.0,"
    " layers, hidden_size, ffn_size, attention_heads, kv_heads, head_dim, vocab_size,"
    " context_length, 'shared/seed/envelope-estimates.md; architecture of llama-3.2-3b',"
    " 'Exactly 3e9 parameters, the seed''s rounding of Llama 3.2 3B; C = 500 tokens per"
    " request.' FROM models WHERE id = 'llama-3.2-3b';",
    "",
    "-- The seed's worked example: 100M DAU, 10 requests a day, 500 tokens, FP16 on an A100.",
    "INSERT INTO scenarios (id, description, model_id, gpu_id, precision, method,"
    " tokens_per_request, daily_active_users, requests_per_user_per_day, request_bytes,"
    " response_bytes, profile_bytes, interactions_per_user_per_day, interaction_bytes,"
    " index_ratio, days_per_month) VALUES ('seed-chat', 'The seed''s worked example: a 3B chat"
    " model at FP16 on A100s for 100M daily active users', 'seed-3b', 'a100-80gb', 'fp16',"
    " 'seed', 500.0, 100000000.0, 10.0, 2000.0, 10000.0, 10000.0, 10.0, 2000.0, 0.25, 30.0);",
]
out.write_text("\n".join(lines) + "\n")
print(f"wrote {out.relative_to(root)}", file=sys.stderr)
