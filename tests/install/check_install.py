#!/usr/bin/env python3
"""An installed use of scion: `meson install --destdir` into a temporary folder, then a program
outside the tree (consumer.cpp) compiled and linked with nothing but `pkg-config --cflags --libs
scion` (the .pc file is relocatable: its prefix is where it lies), and run.

Usage: check_install.py BUILD_DIR CONSUMER_CPP -- COMPILER [FLAGS...]
"""
import os
import pathlib
import subprocess
import sys
import tempfile


def run(argv, **kw):
    print("$", " ".join(str(a) for a in argv), flush=True)
    p = subprocess.run(argv, capture_output=True, text=True, **kw)
    sys.stdout.write(p.stdout)
    sys.stdout.write(p.stderr)
    if p.returncode != 0:
        print(f"FAILED (exit {p.returncode})")
        sys.exit(1)
    return p.stdout


def main(argv):
    split = argv.index("--")
    build, consumer = argv[:split]
    cxx = argv[split + 1:]
    with tempfile.TemporaryDirectory(prefix="scion-install-") as tmp:
        dest = pathlib.Path(tmp) / "root"
        run(["meson", "install", "-C", build, "--no-rebuild", "--quiet", "--destdir", str(dest)])
        pcs = list(dest.rglob("scion.pc"))
        if len(pcs) != 1:
            print(f"FAILED: expected one scion.pc under {dest}, found {pcs}")
            return 1
        env = dict(os.environ, PKG_CONFIG_PATH=str(pcs[0].parent))
        flags = run(["pkg-config", "--cflags", "--libs", "scion"], env=env).split()
        if not any(f.startswith("-I" + str(dest)) for f in flags):
            print(f"FAILED: the include path does not point into the installed tree: {flags}")
            return 1
        if "-lscion" not in flags:
            print(f"FAILED: pkg-config does not link libscion: {flags}")
            return 1
        exe = pathlib.Path(tmp) / "consumer"
        # The compiler finds scion's headers only where they were installed.
        run(cxx + ["-std=c++20", consumer, "-o", str(exe)] + flags)
        libdirs = [f[2:] for f in flags if f.startswith("-L")]
        run_env = dict(os.environ, LD_LIBRARY_PATH=":".join(libdirs))
        out = run([str(exe), tmp], env=run_env)
        if not out.startswith("ok"):
            print("FAILED: the consumer's checks failed")
            return 1
    print("ok: an installed scion builds and runs a program through pkg-config")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
