"""What the catalogue migration generators share: writing a migration for both backends from a
reference file, refusing to change one already written, and checking one against the file.

A generator gives its file name and a function from a backend ("sqlite" or "postgresql") to the
migration's text; `main` writes both files, or with `--check` exits 1 when one differs.
"""
import argparse
import pathlib
import sys

root = pathlib.Path(__file__).resolve().parent.parent

#: SQL for the time a migration runs, per backend.
NOW = {"sqlite": "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')", "postgresql": "envelope_utc_now()"}


def guarded_update(backend, gpu, column, value, sentence):
    """Sets a GPU's `column` to `value` and appends `sentence` to its efficiency_source, only
    where the ledger has no value there yet (a user's own is kept)."""
    return (
        f"\nUPDATE gpus SET {column} = '{value}',\n"
        f"  efficiency_source = CASE WHEN efficiency_source = '' THEN '{sentence}'\n"
        f"    ELSE efficiency_source || ' {sentence}' END,\n"
        f"  updated_at = {NOW[backend]}\n"
        f"WHERE id = '{gpu}' AND {column} IS NULL;\n")


def main(doc, name, reference, migration):
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    parser.add_argument("--force", action="store_true", help="overwrite a different file")
    args = parser.parse_args()
    differs = False
    for backend in ("sqlite", "postgresql"):
        out = root / "migrations" / backend / name
        text = migration(backend)
        current = out.read_text() if out.exists() else None
        if current == text:
            continue
        differs = True
        if args.check:
            print(f"{out.relative_to(root)} differs from {reference}")
        elif current is not None and not args.force:
            sys.exit(f"{out.relative_to(root)} exists and differs; a released migration never "
                     "changes (--force only before release)")
        else:
            out.write_text(text)
            print(f"wrote {out.relative_to(root)}")
    sys.exit(1 if args.check and differs else 0)
