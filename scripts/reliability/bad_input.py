"""Bad input: mutated invocations must fail cleanly and leave the ledger as it was.

Usage: bad_input.py [--count N] [--seed S] [--jobs J]

Builds N argument vectors (default 1,200) by mutating valid invocations with a fixed seed:
values replaced by wrong types, huge and tiny numbers, NaN and infinities, unknown ids,
malformed dates and units, empty strings; options dropped, repeated, misspelt or left
without a value. Each runs against its own copy of a prepared ledger. The rules:

- no death by a signal and no hang (30 s);
- exit code 0, 1 or 64 (never 2: `diff --fail-if-increase` is not generated);
- on failure, stderr is exactly one line starting with `error: `;
- on failure, the ledger's contents (`sqlite3 .dump`) are unchanged.

Prints the counts and every violation; exits 1 on any violation.
"""

import argparse
import collections
import concurrent.futures
import hashlib
import os
import random
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# Valid invocations, each exiting 0 on the prepared ledger (entries 1 and 2 exist).
VALID = [
    ["estimate", "seed-chat"],
    ["estimate", "seed-chat", "--dau", "200M", "--note", "after launch", "--as-of", "2027-01-01"],
    ["estimate", "seed-chat", "--requests-per-user", "20", "--tokens", "800", "--dry-run"],
    ["estimate", "seed-chat", "--request-size", "4KB", "--response-size", "12KB",
     "--profile-size", "1MiB", "--index-ratio", "30%", "--days-per-month", "31"],
    ["estimate", "seed-chat", "--supersedes", "1", "--reason", "typo in the DAU"],
    ["estimate", "--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--dau", "5M", "--dry-run"],
    ["estimate", "--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--method", "roofline",
     "--input-tokens", "512", "--output-tokens", "256", "--batch", "64", "--range",
     "--format", "json"],
    ["estimate", "--params", "3B", "--precision", "fp16", "--peak-flops", "312T", "--tokens",
     "500", "--dau", "100M", "--requests-per-user", "10", "--gpu-price", "2.5"],
    ["train", "--params", "7B", "--gpu", "a100-80gb", "--gpus", "8", "--tokens", "2T"],
    ["train", "--model", "llama-2-7b", "--gpu", "h100-sxm", "--gpus", "1024", "--tokens", "2T",
     "--utilization", "40%", "--format", "json"],
    ["history", "seed-chat", "--since", "2026-01-01", "--until", "2030-12-31"],
    ["history", "--format", "csv", "--all"],
    ["show", "1"],
    ["show", "2", "--format", "json"],
    ["diff", "1", "2"],
    ["project", "seed-chat", "--months", "3"],
    ["project", "seed-chat", "--months", "12", "--replication", "3", "--format", "csv"],
    ["gpu", "show", "a100-80gb"],
    ["gpu", "list", "--format", "json"],
    ["gpu", "add", "lab-gpu", "--name", "Lab GPU", "--fp16", "100T", "--memory", "48GB"],
    ["gpu", "update", "a100-80gb", "--memory", "80GB", "--price", "2.50"],
    ["model", "show", "llama-2-7b"],
    ["model", "add", "lab-model", "--name", "Lab model", "--params", "7B", "--layers", "32"],
    ["scenario", "show", "seed-chat"],
    ["scenario", "add", "lab-chat", "--model", "llama-2-7b", "--gpu", "a100-80gb", "--dau", "1M"],
    ["scenario", "update", "seed-chat", "--dau", "150M"],
    ["sql", "SELECT id, as_of FROM estimates WHERE scenario_id = :s", "-p", "s", "seed-chat"],
    ["sql", "SELECT count(*) AS n FROM estimates", "--format", "csv"],
    ["check"],
    ["measurement", "record", "--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--precision",
     "fp8", "--tensor-parallel", "2", "--gpus", "4", "--input-tokens", "1024",
     "--output-tokens", "256", "--concurrency", "64", "--output-tokens-per-second", "6.4k",
     "--ttft", "180ms", "--tpot", "14ms", "--date", "2026-01-12", "--source", "lab run"],
    ["measurement", "import",
     os.path.join(ROOT, "Tests/EnvelopeCoreTests/Fixtures/measurements/sglang.jsonl"),
     "--from", "sglang", "--model", "llama-3.1-70b", "--gpu", "h200", "--precision", "fp8",
     "--tensor-parallel", "2", "--date", "2026-01-20"],
    ["measurement", "list", "--gpu", "h100-sxm", "--all", "--format", "csv"],
    ["estimate", "--model", "llama-3.1-70b", "--gpu", "h100-sxm", "--precision", "fp8",
     "--method", "roofline", "--input-tokens", "1500", "--output-tokens", "400",
     "--tensor-parallel", "2", "--max-batch", "256", "--max-ttft", "2s", "--max-tpot", "80ms",
     "--gpu-memory-utilization", "0.85", "--kv-precision", "fp8", "--prefill-efficiency", "0.6",
     "--communication-efficiency", "0.7", "--dry-run"],
    ["compare", "seed-chat", "--gpu", "h100-sxm,h200", "--method", "roofline",
     "--max-tpot", "100ms", "--format", "json"],
    ["calibrate", "--gpu", "h100-sxm", "--precision", "fp8", "--dry-run"],
    ["estimate", "--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--method", "roofline",
     "--calibration", "none", "--dry-run"],
]

HOSTILE = [
    # wrong types
    "abc", "true", "1.2.3", "0x10", "1,000", "ten", "--", "-", "[]", "{}", "null",
    # huge and tiny numbers
    "1e400", "1e308", "9" * 400, "999999999999999999999", "-1", "-0", "0", "0.0", "1e-400",
    "5e-324", "-1e308", "18446744073709551616", "9223372036854775808", "1e30", "1e-30",
    # NaN and infinities
    "NaN", "nan", "inf", "-inf", "Infinity",
    # unknown ids and hostile ids
    "no-such", "A100", "a" * 200, "../../etc/passwd", "'; DROP TABLE estimates; --",
    "seed-chat'", "SEED-CHAT", " seed-chat", "0", "99999999", "-5",
    # malformed dates
    "2026-02-30", "2026-13-01", "26-01-01", "2026/01/01", "0000-00-00", "2026-1-1",
    "9999-12-31T00:00", "yesterday", "2026-02-29", "10000-01-01",
    # malformed units
    "10XB", "5 GB", "GB", "1.2.3KB", "-5KB", "1e3MiB", "5KBps", "%", "150%", "1000%",
    "3BB", "2TT", "1QB", "0.5B",
    # empty and odd text
    "", " ", "\t", "\u00e9t\u00e9", "\u0661\u0662\u0663", "\U0001F600", "x\ny", "\\", "%s%n",
]

# Options that take a value, across commands: mutations insert these with hostile values.
OPTIONS = [
    "--dau", "--requests-per-user", "--tokens", "--request-size", "--response-size",
    "--profile-size", "--users", "--interactions-per-user", "--interaction-size",
    "--index-ratio", "--days-per-month", "--input-tokens", "--output-tokens", "--batch",
    "--context", "--bandwidth-efficiency", "--compute-efficiency", "--peak-factor",
    "--target-utilization", "--gpu-price", "--storage-price", "--egress-price", "--currency",
    "--model", "--gpu", "--precision", "--method", "--as-of", "--note", "--supersedes",
    "--reason", "--format", "--params", "--peak-flops", "--gpus", "--utilization", "--since",
    "--until", "--months", "--replication", "--memory", "--name", "--fp16", "--db",
    "--tensor-parallel", "--from", "--output-tokens-per-second", "--ttft", "--tpot", "--date",
    "--max-batch", "--max-ttft", "--max-tpot", "--gpu-memory-utilization", "--kv-precision",
    "--prefill-efficiency", "--communication-efficiency", "--calibration",
]


def mutate(rng, valid):
    """One mutated copy of `valid` and the name of the mutation."""
    args = list(valid)
    values = [i for i in range(1, len(args)) if not args[i].startswith("--")]
    kind = rng.choice(
        ["replace"] * 6 + ["insert"] * 3 + ["drop", "repeat", "misspell", "dangle", "command"]
    )
    if kind == "replace" and values:
        args[rng.choice(values)] = rng.choice(HOSTILE)
    elif kind in ("replace", "insert"):
        kind = "insert"
        option = rng.choice(OPTIONS)
        value = rng.choice(HOSTILE)
        if option == "--db" and value.strip() and not value.startswith("-"):
            value = "/nonexistent-folder/" + value.replace("/", "_")
        args[1:1] = [option, value]
    elif kind == "drop" and len(args) > 1:
        del args[rng.randrange(1, len(args))]
    elif kind == "repeat":
        options = [i for i in range(1, len(args) - 1) if args[i].startswith("--")]
        if options:
            i = rng.choice(options)
            args += [args[i], rng.choice(HOSTILE)]
        else:
            args.append(rng.choice(HOSTILE))
    elif kind == "misspell":
        i = rng.randrange(0, len(args))
        word = args[i]
        if len(word) > 2:
            j = rng.randrange(len(word) - 1)
            word = word[:j] + word[j + 1] + word[j] + word[j + 2:]
        args[i] = word + rng.choice(["", "x", "-", "="])
    elif kind == "dangle":
        args.append(rng.choice(OPTIONS))
    else:
        kind = "command"
        args[0] = rng.choice(HOSTILE + ["estimat", "sweep", "help", "hist", "sql"])
    if args[:1] == ["diff"] and "--fail-if-increase" in args:
        args.remove("--fail-if-increase")
    return kind, args


def digest(path):
    """The ledger's logical contents, hashed: `sqlite3 .dump`."""
    dump = subprocess.run(["sqlite3", path, ".dump"], capture_output=True, check=False).stdout
    return hashlib.sha256(dump).hexdigest()


def prepare(binary, folder):
    """A ledger with two recorded estimates and a measurement, checkpointed, as the template for
    every run."""
    path = os.path.join(folder, "template.sqlite")
    env = environment(folder)
    for extra in ([], ["--dau", "200M"]):
        subprocess.run([binary, "estimate", "seed-chat", "--db", path, *extra],
                       capture_output=True, check=True, env=env)
    # A measurement, so that calibrate's mutations reach the fit.
    subprocess.run([binary, "measurement", "record", "--db", path, "--model", "llama-3.1-8b",
                    "--gpu", "h100-sxm", "--precision", "fp8", "--tensor-parallel", "1",
                    "--input-tokens", "1000", "--output-tokens", "1000",
                    "--output-tokens-per-second", "12000", "--date", "2026-01-12"],
                   capture_output=True, check=True, env=env)
    subprocess.run(["sqlite3", path, "PRAGMA wal_checkpoint(TRUNCATE)"],
                   capture_output=True, check=True)
    for suffix in ("-wal", "-shm", ".lock"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    return path, digest(path)


def environment(folder):
    """An environment that keeps every run away from the user's own ledger."""
    env = {k: v for k, v in os.environ.items() if k != "ENVELOPE_DB"}
    env.update(HOME=folder, XDG_DATA_HOME=os.path.join(folder, "xdg"), NO_COLOR="1")
    return env


def run_one(binary, template, template_digest, index, kind, args, scratch):
    """Runs one invocation on a fresh copy of the template; returns (index, kind, args, code,
    stderr, violations)."""
    folder = os.path.join(scratch, f"run-{index}")
    os.makedirs(folder)
    db = os.path.join(folder, "ledger.sqlite")
    shutil.copyfile(template, db)
    env = environment(folder)
    env["ENVELOPE_DB"] = db
    violations = []
    try:
        result = subprocess.run([binary, *args], capture_output=True, env=env, timeout=30,
                                stdin=subprocess.DEVNULL, cwd=folder, check=False)
        code, stderr = result.returncode, result.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        code, stderr = None, ""
        violations.append("hung for 30 s")
    if code is not None:
        if code < 0:
            violations.append(f"died of signal {-code}")
        elif code not in (0, 1, 64):
            violations.append(f"exit code {code}")
        if code != 0:
            lines = stderr.split("\n")
            if not (len(lines) == 2 and lines[1] == "" and lines[0].startswith("error: ")):
                violations.append(f"stderr is not one error line: {stderr[:300]!r}")
            if digest(db) != template_digest:
                violations.append("the ledger changed")
    shutil.rmtree(folder, ignore_errors=True)
    return index, kind, args, code, stderr, violations


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=1200)
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    options = parser.parse_args()
    binary = os.environ.get("ENVELOPE") or os.path.join(ROOT, ".build/release/envelope")
    if not os.access(binary, os.X_OK):
        binary = os.path.join(ROOT, ".build/debug/envelope")
    rng = random.Random(options.seed)
    invocations, seen = [], set()
    while len(invocations) < options.count:
        kind, args = mutate(rng, rng.choice(VALID))
        if tuple(args) not in seen:
            seen.add(tuple(args))
            invocations.append((kind, args))
    scratch = tempfile.mkdtemp(prefix="envelope-bad-input.")
    try:
        template, template_digest = prepare(binary, scratch)
        results = []
        with concurrent.futures.ThreadPoolExecutor(options.jobs) as pool:
            futures = [pool.submit(run_one, binary, template, template_digest, i, kind, args,
                                   scratch) for i, (kind, args) in enumerate(invocations)]
            for future in futures:
                results.append(future.result())
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    codes = collections.Counter(code for _, _, _, code, _, _ in results)
    kinds = collections.Counter(kind for _, kind, _, _, _, _ in results)
    bad = [r for r in results if r[5]]
    print(f"bad input: {len(results)} invocations (seed {options.seed}), "
          f"{len(bad)} violations")
    print("  mutations: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
    print("  exit codes: " + ", ".join(f"{k} x {v}" for k, v in sorted(codes.items(),
                                                                    key=lambda kv: str(kv[0]))))
    for index, kind, args, code, stderr, violations in bad[:50]:
        print(f"  VIOLATION #{index} ({kind}) exit {code}: {args!r}: {'; '.join(violations)}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
