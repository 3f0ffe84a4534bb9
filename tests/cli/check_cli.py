#!/usr/bin/env python3
"""Tests of the `scion` command-line tool: every command, its help, its exit status, its errors.

Usage: check_cli.py SCION_EXE FIXTURE_DIR

Numbers are checked against TensorFlow.js's outputs in the layers fixtures (io.json); the bundled
example's parameter count against a count by hand. Prints one line per check and exits non-zero
if any fails.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

exe, fixtures = sys.argv[1], sys.argv[2]
layers = os.path.join(fixtures, "layers")
failures = []


def run(*args, stdin=None):
    p = subprocess.run([exe, *args], input=stdin, capture_output=True, text=True, timeout=120)
    return p.returncode, p.stdout, p.stderr


def check(what, ok, detail=""):
    print(("ok   " if ok else "FAIL ") + what + ("" if ok else ": " + detail))
    if not ok:
        failures.append(what)


def max_error(got, want):
    if got["shape"] != want["shape"]:
        return float("inf")
    return max((abs(a - b) for a, b in zip(got["values"], want["values"])), default=0.0)


tmp = tempfile.mkdtemp(prefix="scion-cli-")
try:
    # --- help, version, usage errors -------------------------------------------------------------
    rc, out, err = run()
    check("no arguments: usage, exit 2", rc == 2 and "usage: scion <command>" in out, f"rc={rc} out={out!r}")
    rc, out, err = run("--help")
    check("--help: exit 0, lists the commands", rc == 0 and all(c in out for c in ["summary", "predict", "clone", "dot"]))
    rc, out, err = run("--version")
    check("--version", rc == 0 and out.startswith("scion "), out)
    for cmd in ["summary", "predict", "clone", "dot"]:
        rc, out, err = run(cmd, "--help")
        check(f"{cmd} --help: exit 0, its usage", rc == 0 and out.startswith(f"usage: scion {cmd}"), f"rc={rc} {out!r}")
    rc, out, err = run("train")
    check("unknown command: exit 2, named", rc == 2 and "unknown command 'train'" in err, err)
    rc, out, err = run("summary", "--depth", "3")
    check("unknown option: exit 2, named, with the command's usage",
          rc == 2 and "unknown option '--depth'" in err and "usage: scion summary" in err, err)
    rc, out, err = run("predict", os.path.join(layers, "files_nested"))
    check("predict with MODEL but no INPUT: exit 2", rc == 2 and "expected MODEL and INPUT" in err, err)
    rc, out, err = run("clone", os.path.join(layers, "files_fully_conv"), os.path.join(tmp, "x"), "--input-shape", "6,a")
    check("clone --input-shape that is not a shape: exit 2", rc == 2 and "positive integers" in err, err)
    rc, out, err = run("clone", os.path.join(layers, "files_fully_conv"), os.path.join(tmp, "x"), "--seed", "-1")
    check("clone --seed that is not a seed: exit 2", rc == 2 and "--seed takes a non-negative integer" in err, err)
    rc, out, err = run("clone", os.path.join(layers, "files_nested"), os.path.join(tmp, "x"), "--input-shape", "5")
    check("clone --input-shape once for a model of two inputs: exit 2", rc == 2 and "once per input" in err, err)

    # --- the bundled example -----------------------------------------------------------------------
    rc, out, err = run("summary")
    # By hand: Conv2D 3*3*1*8+8 = 80, Conv2D 3*3*8*8+8 = 584, BatchNormalization 4*8 = 32, Dense 8*10+10 = 90.
    check("summary without MODEL: the bundled example, announced on stderr",
          rc == 0 and 'Model: "tiny_digits"' in out and "Total params: 786" in out and "bundled example" in err,
          f"rc={rc} {out!r} {err!r}")
    check("summary: BatchNormalization's moving statistics are non-trainable",
          "Non-trainable params: 16" in out, out)
    rc, out, err = run("predict")
    ys = json.loads(out)["outputs"] if rc == 0 else []
    ok = len(ys) == 1 and ys[0]["shape"] == [2, 10]
    ok = ok and all(abs(sum(ys[0]["values"][r * 10:(r + 1) * 10]) - 1) < 1e-5 for r in range(2))
    check("predict without MODEL: two softmax rows for the bundled images", ok, f"rc={rc} {out[:200]!r} {err!r}")
    rc, out, err = run("dot")
    check("dot without MODEL: a digraph with the residual edge",
          rc == 0 and out.startswith('digraph "tiny_digits"') and '"pool" -> "residual"' in out, out[:300])

    # --- summary, predict, dot on TF.js's files ----------------------------------------------------
    rc, out, err = run("summary", os.path.join(layers, "files_nested"))
    check("summary of a TF.js model", rc == 0 and 'Model: "nested"' in out and "inner (Sequential)" in out, out)
    for name in ["files_nested", "files_sharded_mlp", "files_fully_conv"]:
        io_path = os.path.join(layers, name, "io.json")
        want = json.load(open(io_path))["outputs"]
        rc, out, err = run("predict", os.path.join(layers, name), io_path)
        got = json.loads(out)["outputs"] if rc == 0 else []
        err_max = max((max_error(g, w) for g, w in zip(got, want)), default=float("inf")) if len(got) == len(want) else float("inf")
        check(f"predict {name}: TF.js's outputs within 1e-5 (max error {err_max:.2g})", err_max <= 1e-5, err)
    # One sample as nested lists, read from standard input.
    x = json.load(open(os.path.join(layers, "files_sharded_mlp", "io.json")))["inputs"][0]
    sample = x["values"][:6]
    want = json.load(open(os.path.join(layers, "files_sharded_mlp", "io.json")))["outputs"][0]["values"][:4]
    rc, out, err = run("predict", os.path.join(layers, "files_sharded_mlp"), "-", stdin=json.dumps(sample))
    got = json.loads(out)["outputs"][0] if rc == 0 else {"shape": None, "values": []}
    check("predict one sample given as a list on stdin",
          got["shape"] == [1, 4] and max(abs(a - b) for a, b in zip(got["values"], want)) <= 1e-5, f"{out!r} {err!r}")
    rc, out, err = run("predict", os.path.join(layers, "files_sharded_mlp"), "-", stdin="[[1, 2, 3]]")
    check("predict an input of the wrong shape: exit 1, names the input and the shapes",
          rc == 1 and "expects shape (None, 6)" in err, err)
    rc, out, err = run("predict", os.path.join(layers, "files_sharded_mlp"), "-", stdin="[[1, 2], [3]]")
    check("predict ragged lists: exit 1", rc == 1 and "ragged" in err, err)
    out_file = os.path.join(tmp, "y.json")
    rc, out, err = run("predict", os.path.join(layers, "files_sharded_mlp"), os.path.join(layers, "files_sharded_mlp", "io.json"), "--output", out_file)
    check("predict --output FILE", rc == 0 and out == "" and json.load(open(out_file))["outputs"][0]["shape"] == [3, 4], err)
    rc, out, err = run("dot", os.path.join(layers, "files_nested"))
    check("dot of a graph with a shared layer and a nested model",
          rc == 0 and '"a" -> "shared"' in out and '"b" -> "shared"' in out and '"sum" -> "inner"' in out
          and "inner : Sequential" in out, out)
    # Graphviz is a test dependency (scripts/common.sh installs it): without it this check fails.
    if shutil.which("dot"):
        svg = subprocess.run(["dot", "-Tsvg"], input=out, capture_output=True, text=True)
        check("Graphviz renders the dot output", svg.returncode == 0 and "<svg" in svg.stdout, svg.stderr)
    else:
        check("Graphviz renders the dot output (the dot program is not installed: apt-get install graphviz)",
              False, "")

    # --- clone -------------------------------------------------------------------------------------
    src = os.path.join(layers, "files_fully_conv")
    a, b, c = (os.path.join(tmp, n) for n in ["a", "b", "c"])
    rc1, out1, err1 = run("clone", src, a, "--seed", "5")
    rc2, _, _ = run("clone", src, b, "--seed", "5")
    rc3, _, _ = run("clone", src, c, "--seed", "6")
    check("clone: exit 0 and a report", rc1 == 0 and rc2 == 0 and rc3 == 0 and "fresh weights from seed 5" in out1, out1 + err1)
    topo = lambda d: json.load(open(os.path.join(d, "model.json")))["modelTopology"]
    blob = lambda d: b"".join(open(os.path.join(d, f), "rb").read() for f in sorted(os.listdir(d)) if f.endswith(".bin"))
    original = json.load(open(os.path.join(src, "model.json")))["modelTopology"]
    names = lambda t: [l["config"]["name"] for l in t["config"]["layers"] if l["class_name"] != "InputLayer"]
    check("clone: the same layers as the model", names(topo(a)) == names(original) == ["conv", "gap", "head"],
          f"{names(topo(a))} {names(original)}")
    check("clone: fresh weights (not the file's)", blob(a) != blob(src))
    check("clone: the same seed gives the same weights, another seed others", blob(a) == blob(b) and blob(a) != blob(c))
    rc, out, err = run("clone", src, os.path.join(tmp, "big"), "--input-shape", "12,12,3", "--name", "big")
    rc2, out2, err2 = run("summary", os.path.join(tmp, "big"))
    check("clone --input-shape: the clone takes the new shape",
          rc == 0 and "(None, 12, 12, 3)" in out and 'Model: "big"' in out2 and "(None, 12, 12, 4)" in out2, out + err + out2 + err2)
    rc, out, err = run("clone", os.path.join(layers, "files_sharded_mlp"), os.path.join(tmp, "bad"), "--input-shape", "7")
    check("clone --input-shape a layer's weights cannot take is fine (fresh weights): exit 0",
          rc == 0 and "(None, 7)" in out, out + err)
    # A Keras JSON topology (no weights): the note names the seed.
    topo_file = os.path.join(tmp, "topology.json")
    json.dump(original, open(topo_file, "w"))
    rc, out, err = run("summary", topo_file)
    check("a topology without weights: a note on stderr", rc == 0 and "without weights" in err and "fully_conv" in out, err)

    # --- files that cannot be used -----------------------------------------------------------------
    rc, out, err = run("summary", os.path.join(tmp, "nowhere"))
    check("a missing model: exit 1, names the path", rc == 1 and "nowhere" in err and "no such file" in err, err)
    broken = os.path.join(tmp, "broken")
    shutil.copytree(os.path.join(layers, "files_sharded_mlp"), broken)
    os.truncate(os.path.join(broken, "group1-shard3of3.bin"), 100)
    rc, out, err = run("summary", broken)
    check("a short weight file: exit 1, names the file and the weight",
          rc == 1 and "group1-shard3of3.bin" in err and "head/" in err, err)
finally:
    shutil.rmtree(tmp, ignore_errors=True)

print(f"{len(failures)} failed" if failures else "all passed")
sys.exit(1 if failures else 0)
