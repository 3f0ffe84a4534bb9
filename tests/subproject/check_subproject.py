#!/usr/bin/env python3
"""A subproject use of scion: a meson project outside the tree with scion in its `subprojects/`
folder (a link to this source tree) that gets everything from `dependency('scion')` (scion's
`meson.override_dependency`), builds a program (tests/install/consumer.cpp: the static path,
the run-time path, files and clones) and runs it.

The library is built a second time for this, at -O0 and as a static library, to keep the cost
low (docs/architecture.md, "The CI budget").

Usage: check_subproject.py SOURCE_ROOT CONSUMER_CPP -- COMPILER [FLAGS...]
"""
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

PROJECT = """project('scion_consumer', 'cpp', default_options: ['cpp_std=c++20'])
scion = dependency('scion', fallback: ['scion', 'scion_dep'])
executable('consumer', 'consumer.cpp', dependencies: scion)
"""


def run(argv, **kw):
    print("$", " ".join(str(a) for a in argv), flush=True)
    p = subprocess.run(argv, capture_output=True, text=True, **kw)
    sys.stdout.write(p.stdout[-4000:])
    sys.stdout.write(p.stderr[-4000:])
    if p.returncode != 0:
        print(f"FAILED (exit {p.returncode})")
        sys.exit(1)
    return p.stdout


def main(argv):
    split = argv.index("--")
    source, consumer = argv[:split]
    cxx = argv[split + 1:]
    with tempfile.TemporaryDirectory(prefix="scion-subproject-") as tmp:
        proj = pathlib.Path(tmp) / "consumer"
        (proj / "subprojects").mkdir(parents=True)
        (proj / "subprojects" / "scion").symlink_to(pathlib.Path(source).resolve(), target_is_directory=True)
        (proj / "meson.build").write_text(PROJECT)
        shutil.copy(consumer, proj / "consumer.cpp")
        env = dict(os.environ, CXX=" ".join(cxx))
        build = proj / "build"
        out = run(["meson", "setup", str(build), str(proj), "--buildtype=plain", "-Ddefault_library=static",
                   "-Dscion:cli=false", "-Dscion:tests=false", "-Dscion:examples=false"], env=env)
        if "Subproject scion finished" not in out and "subproject scion" not in out.lower():
            print("FAILED: meson did not use scion as a subproject")
            return 1
        run(["ninja", "-C", str(build)])
        res = run([str(build / "consumer"), tmp])
        if not res.startswith("ok"):
            print("FAILED: the consumer's checks failed")
            return 1
    print("ok: scion as a meson subproject builds and runs a program through dependency('scion')")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
