#!/usr/bin/env python3
"""Compile-fail test harness for scion.

Usage:
    check_fail.py --source FILE --expect TOKEN [--detail TEXT]... -- COMPILER [FLAGS...]
    check_fail.py --source FILE --expect @file -- COMPILER [FLAGS...]
    check_fail.py --sanity-must-fail --source FILE --expect TOKEN|@file [--detail TEXT]... -- COMPILER [FLAGS...]

1. FILE is compiled as-is with -fsyntax-only; this must succeed (it proves the
   file is otherwise valid). --no-sanity-compile skips this step (one build
   configuration runs it; the others only check the failure).
2. FILE is compiled again with -DSCION_FAIL; this must fail, and the compiler
   output (stdout and stderr together) must contain TOKEN and every DETAIL.

--expect @file reads TOKEN from the first line of FILE of the form
"// expect: TOKEN" and the details from every line "// detail: TEXT" (at least
one is required: a token is a family of errors, the detail is the one error the
test is about, e.g. "rank_mismatch_at_layer<1, 2, 1>"). --expect @PATH reads
them from PATH instead. --detail given on the command line replaces the file's.

--sanity-must-fail inverts the verdict, for the harness's own sanity case (a
file whose SCION_FAIL branch compiles): exit 0 iff the normal check fails.
Errors that say nothing about the check (the compiler cannot be run, the
source or its expect line is missing) exit 1 in both modes.

Source-line excerpts are turned off in diagnostics (-fno-diagnostics-show-caret
for GCC, -fno-caret-diagnostics for Clang) so TOKEN cannot be matched merely
because a quoted source line happens to contain it.
"""

import argparse
import os
import re
import subprocess
import sys

TIMEOUT_S = 300
DIAG_LINES = 40
EXPECT_RE = re.compile(r"^\s*//\s*expect:\s*(\S(?:.*\S)?)\s*$")
DETAIL_RE = re.compile(r"^\s*//\s*detail:\s*(\S(?:.*\S)?)\s*$")


class HarnessError(Exception):
    """A problem that is not a verdict on the test file itself."""


def read_expect(path):
    """(token, [details]) from the file's '// expect:' and '// detail:' lines."""
    token, details = None, []
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                m = EXPECT_RE.match(line)
                if m and token is None:
                    token = m.group(1)
                d = DETAIL_RE.match(line)
                if d:
                    details.append(d.group(1))
    except OSError as e:
        raise HarnessError(f"cannot read {path}: {e}") from e
    if token is None:
        raise HarnessError(f"no '// expect: TOKEN' line in {path}")
    return token, details


def quiet_flags(cmd):
    """Flags that turn off colour and source excerpts for this compiler."""
    try:
        out = subprocess.run(
            cmd[:1] + ["--version"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
            timeout=60,
            check=False,
        ).stdout
    except (OSError, subprocess.TimeoutExpired):
        return []
    if "clang" in out.lower():
        return ["-fno-color-diagnostics", "-fno-caret-diagnostics"]
    if "free software foundation" in out.lower() or "gcc" in out.lower() or "g++" in out.lower():
        return ["-fdiagnostics-color=never", "-fno-diagnostics-show-caret"]
    return []


def compile_(cmd, extra, source):
    argv = list(cmd) + extra + ["-fsyntax-only", source]
    try:
        proc = subprocess.run(
            argv,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
            timeout=TIMEOUT_S,
            check=False,
        )
    except OSError as e:
        raise HarnessError(f"cannot run compiler {argv[0]!r}: {e}") from e
    except subprocess.TimeoutExpired as e:
        out = e.output or ""
        if isinstance(out, bytes):
            out = out.decode("utf-8", "replace")
        return None, out, argv
    return proc.returncode, proc.stdout, argv


def head(text, n=DIAG_LINES):
    lines = text.splitlines()
    shown = "\n".join(lines[:n])
    if len(lines) > n:
        shown += f"\n... ({len(lines) - n} more lines)"
    return shown


def run_check(source, token, details, cmd, sanity_compile=True):
    """Return (ok, message). message explains a failure."""
    flags = quiet_flags(cmd)

    if sanity_compile:
        rc, out, argv = compile_(cmd, flags, source)
        if rc is None:
            return False, (f"sanity compile failed: timed out after {TIMEOUT_S}s\n"
                           f"command: {' '.join(argv)}\n{head(out)}")
        if rc != 0:
            return False, (f"sanity compile failed (exit {rc}): {source} must compile "
                           f"without SCION_FAIL\ncommand: {' '.join(argv)}\n{out.rstrip()}")

    rc, out, argv = compile_(cmd, flags + ["-DSCION_FAIL"], source)
    if rc is None:
        return False, (f"compile with -DSCION_FAIL timed out after {TIMEOUT_S}s\n"
                       f"command: {' '.join(argv)}\n{head(out)}")
    if rc == 0:
        return False, (f"compile with -DSCION_FAIL unexpectedly SUCCEEDED "
                       f"(expected an error containing {token!r})\n"
                       f"command: {' '.join(argv)}\n{head(out)}")
    if token not in out:
        return False, (f"compile with -DSCION_FAIL failed (exit {rc}), but the "
                       f"diagnostics do not contain {token!r}\n"
                       f"command: {' '.join(argv)}\n"
                       f"first {DIAG_LINES} lines of diagnostics:\n{head(out)}")
    for detail in details:
        if detail not in out:
            return False, (f"compile with -DSCION_FAIL failed with {token!r}, but the "
                           f"diagnostics do not contain the detail {detail!r}\n"
                           f"command: {' '.join(argv)}\n"
                           f"first {DIAG_LINES} lines of diagnostics:\n{head(out)}")
    shown = "; ".join(details)
    return True, f"OK: {source} fails with -DSCION_FAIL as expected ({token}: {shown})"


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", required=True, help="C++ file to check")
    parser.add_argument("--expect", required=True,
                        help="token expected in the diagnostics, or @file / @PATH")
    parser.add_argument("--detail", action="append", default=None,
                        help="text the diagnostics must also contain (repeatable)")
    parser.add_argument("--sanity-must-fail", action="store_true",
                        help="exit 0 iff the normal check fails")
    parser.add_argument("--no-sanity-compile", action="store_true",
                        help="skip the compile without SCION_FAIL")
    parser.usage = ("%(prog)s [--sanity-must-fail] [--no-sanity-compile] --source FILE "
                    "--expect TOKEN|@file [--detail TEXT]... -- COMPILER [FLAGS...]")
    if "--" not in argv:
        parser.error("missing '-- COMPILER [FLAGS...]'")
    split = argv.index("--")
    args = parser.parse_args(argv[:split])
    cmd = argv[split + 1:]
    if not cmd:
        parser.error("missing compiler command after --")

    try:
        if not os.path.isfile(args.source):
            raise HarnessError(f"source file not found: {args.source}")
        details = []
        if args.expect in ("@", "@file"):
            token, details = read_expect(args.source)
        elif args.expect.startswith("@"):
            token, details = read_expect(args.expect[1:])
        else:
            token = args.expect
        if args.detail is not None:
            details = args.detail
        if not token:
            raise HarnessError("empty expect token")
        if not details and not args.sanity_must_fail:
            raise HarnessError(f"{args.source}: no '// detail: TEXT' line: say which error of "
                               f"the family {token} this test is about")
        ok, message = run_check(args.source, token, details, cmd,
                                sanity_compile=not args.no_sanity_compile)
    except HarnessError as e:
        print(f"check_fail: error: {e}", file=sys.stderr)
        return 1

    if args.sanity_must_fail:
        if ok:
            print(f"check_fail: sanity case NOT detected: the check passed for {args.source}",
                  file=sys.stderr)
            return 1
        print(message)
        print(f"OK: harness correctly rejects {args.source}")
        return 0

    if ok:
        print(message)
        return 0
    print(f"check_fail: FAILED: {message}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
