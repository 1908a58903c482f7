#!/usr/bin/env python3
"""Mutation sweep of feinvert's inputs (opt-in: `make fuzz`, a minute or two).

Runs the release binary on mutated copies of the bundled inputs and flags any run that
crashes (a signal or an exit code outside 0-4), hangs (120 s), or exits 2 yet leaves an
output behind. Mutations: for each app's example CSV in Validation/apps, a cell set to an
extreme or malformed value (nan, inf, +-1e308, 1e-320, '', text, hex, ...), whole columns
set to 0, -1, 1e-300, 1e300, header-only and one-row files, duplicated rows, an extra or a
missing cell; for `fit`, cells of Meshes/coupon_data.csv and numbers of Meshes/coupon.toml;
for `solve`, tokens, dropped and repeated lines of a small coupon in MSH 4.1 and 2.2; for
`stresses --params`, the numbers of a fit report; and
command-line options: every valued option that each app, `mesh`, `synth`, `stresses` and
`validate` list in their --help (paths excepted; `fit` and `solve` have none) set to an extreme or malformed value (OPTION_CASES of them,
drawn at random).

    python3 scripts/fuzz_inputs.py [SEED] [FIT_CASES] [MESH_CASES] [OPTION_CASES]

Exit status 1 if anything was flagged (the offending inputs are kept in the scratch
directory it prints), else 0.
"""
import os, random, re, shutil, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, ".build/release/feinvert")
APPS = os.path.join(ROOT, "Validation/apps")
MESHES = os.path.join(ROOT, "Meshes")
BAD = ["nan", "inf", "-inf", "-1", "0", "1e308", "-1e308", "", "abc", "1e-320", "0x10", "1,2", '"3"', " 4 ", "+5", "1e999", "-0"]
APP_CASES = {  # app: (example CSV, extra arguments)
    "ribosome": ("ribosome/counts.csv", []),
    "deconv": ("deconv/notch.csv", []),
    "quantal": ("quantal/trials.csv", []),
    "soil": ("soil/fluxes.csv", ["--stoichiometry", os.path.join(APPS, "soil/stoich.csv")]),
    "fin": ("fin/fins.csv", []),
    "gill": ("gill/gill.csv", []),
    "leaf": ("leaf/leaf.csv", ["--bootstrap", "50"]),
    "loops": ("loops/lifetimes.csv", ["--replicates", "2"]),
    "privacy": ("privacy/diabetes.csv", ["--seeds", "2", "--steps", "50"]),
    "edna": ("edna/edna.csv", ["--bootstrap", "5"]),
}
# Values for command-line options: numbers out of every range, integers that overflow, text,
# malformed and inverted "lo,hi" pairs.
OPTION_VALUES = ["-1", "0", "-0", "0.5", "1e-320", "1e308", "-1e308", "nan", "inf", "abc", "", "9223372036854775807",
                 "99999999999999999999", "1,2", "2,1", "0,0", "1e308,1e308", "-1,1", "1,2,3,4", "1,,2"]
# Options that name files: the other sweeps cover their contents.
PATH_OPTIONS = {"--data", "--report", "--out", "--output", "--spectra", "--stoichiometry", "--mesh", "--model", "--fringes",
                "--params"}
scratch = tempfile.mkdtemp(prefix="feinvert-fuzz-")
flagged = []
statuses = {}  # exit status -> count, for the summary


def run(label, args, outputs):
    """Runs feinvert; flags a crash, a hang, or exit 2 with an output left behind."""
    for path in outputs:
        shutil.rmtree(path, ignore_errors=True) if os.path.isdir(path) else os.path.exists(path) and os.remove(path)
    try:
        p = subprocess.run([BIN] + args, capture_output=True, text=True, timeout=120, cwd=scratch)
    except subprocess.TimeoutExpired:
        return flag(label, "hang (120 s)")
    if p.returncode < 0 or p.returncode not in (0, 1, 2, 3, 4):
        return flag(label, f"crash (status {p.returncode}): {p.stderr.strip().splitlines()[:1]}")
    statuses[p.returncode] = statuses.get(p.returncode, 0) + 1
    if p.returncode == 2 and any(os.path.exists(o) and (not os.path.isdir(o) or os.listdir(o)) for o in outputs):
        return flag(label, "exit 2 with an output left")
    return p.returncode


def flag(label, what):
    kept = os.path.join(scratch, f"flagged-{len(flagged)}")
    os.makedirs(kept)
    for name in os.listdir(scratch):
        if name.startswith("in."):
            shutil.copy(os.path.join(scratch, name), kept)
    flagged.append(f"{label}: {what} (inputs in {kept})")
    print("FLAGGED", flagged[-1], flush=True)
    return what


def mutations(lines, rng):
    header = next(i for i, l in enumerate(lines) if l and not l.startswith("#"))
    data = list(range(header + 1, len(lines)))
    yield "header only", lines[: header + 1]
    yield "one row", lines[: header + 2]
    yield "empty", []
    yield "duplicated rows", lines[: header + 1] + [lines[data[0]]] * len(data)
    yield "extra cell", lines[:header] + [lines[header] + ",x"] + [lines[i] + ",1" for i in data]
    yield "missing cell", lines[: header + 1] + [",".join(lines[i].split(",")[:-1]) if i == data[len(data) // 2] else lines[i] for i in data]
    for _ in range(25):
        mutated = list(lines)
        i = rng.choice(data)
        cells = mutated[i].split(",")
        j = rng.randrange(len(cells))
        cells[j] = rng.choice(BAD)
        mutated[i] = ",".join(cells)
        yield f"line {i + 1} cell {j + 1} = {cells[j]!r}", mutated
    for _ in range(5):
        mutated = list(lines)
        column = rng.randrange(len(mutated[data[0]].split(",")))
        value = rng.choice(["0", "-1", "1e-300", "1e300"])
        for i in data:
            cells = mutated[i].split(",")
            cells[column] = value
            mutated[i] = ",".join(cells)
        yield f"column {column + 1} = {value}", mutated


def valued_options(command):
    """The options `feinvert COMMAND --help` lists with a value, paths excepted."""
    text = subprocess.run([BIN] + command + ["--help"], capture_output=True, text=True).stdout
    return sorted(set(re.findall(r"^\s+(?:-\w, )?(--[a-z0-9-]+) <", text, re.M)) - PATH_OPTIONS)


def without_option(args, option):
    """`args` with `option` and its value removed, so the swept value is the only one."""
    out, skip = [], False
    for a in args:
        if skip:
            skip = False
        elif a == option:
            skip = True
        else:
            out.append(a)
    return out


def write(name, lines):
    path = os.path.join(scratch, name)
    with open(path, "w") as f:
        f.write("\n".join(lines) + ("\n" if lines else ""))
    return path


def main():
    seed = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    fit_cases = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    mesh_cases = int(sys.argv[3]) if len(sys.argv) > 3 else 150
    option_cases = int(sys.argv[4]) if len(sys.argv) > 4 else 200
    rng = random.Random(seed)
    print(f"scratch: {scratch}; seed {seed}", flush=True)
    report = os.path.join(scratch, "out.json")
    runs = 0
    for app, (example, extra) in APP_CASES.items():
        lines = open(os.path.join(APPS, example)).read().splitlines()
        for label, mutated in mutations(lines, rng):
            path = write("in.csv", mutated)
            run(f"app {app}, {label}", ["app", app, "--data", path] + extra + ["--report", report], [report])
            runs += 1
    model = open(os.path.join(MESHES, "coupon.toml")).read().splitlines()
    data = open(os.path.join(MESHES, "coupon_data.csv")).read().splitlines()
    numbers = [i for i, l in enumerate(model) if "=" in l and not l.lstrip().startswith("#") and any(c.isdigit() for c in l.split("=", 1)[1])]
    shutil.copy(os.path.join(MESHES, "coupon.msh"), os.path.join(scratch, "in.msh"))
    out = os.path.join(scratch, "fit")
    for k in range(fit_cases):
        m, d = list(model), list(data)
        if k % 2 == 0:
            i = rng.choice(numbers)
            key, _ = m[i].split("=", 1)
            m[i] = key + "= " + (rng.choice(BAD) or '""') if "{" not in m[i] else m[i].replace("initial = ", "initial = " + rng.choice(["-", "1e308*", "0*"]), 1)
            label = f"model line {i + 1}: {m[i]}"
        else:
            i = rng.randrange(2, len(d))
            cells = d[i].split(",")
            j = rng.randrange(len(cells))
            cells[j] = rng.choice(BAD)
            d[i] = ",".join(cells)
            label = f"data line {i + 1}: {d[i]}"
        run(f"fit, {label}", ["fit", "--mesh", "in.msh", "--model", write("in.toml", m), "--fringes", write("in.csv", d),
                              "--report", os.path.join(out, "fit.json"), "--out", out], [out])
        runs += 1
    # Meshes: a small coupon in MSH 4.1 and 2.2, tokens replaced, lines dropped or repeated.
    for fmt in ("msh41", "msh22"):
        base = os.path.join(scratch, f"base.{fmt}.msh")
        subprocess.run([BIN, "mesh", "--layup", "[0/90]s", "--ply-thickness", "0.125", "--length", "4", "--width", "2",
                        "--nx", "4", "--ny", "2", "--format", fmt, "-o", base], check=True, capture_output=True)
        mesh = open(base).read().splitlines()
        shutil.copy(base[:-4] + ".toml", os.path.join(scratch, "in.toml"))
        out = os.path.join(scratch, "solve")
        for _ in range(mesh_cases):
            lines = list(mesh)
            i = rng.randrange(len(lines))
            kind = rng.choice(["token", "token", "drop", "repeat"])
            if kind == "token" and lines[i].split():
                tokens = lines[i].split()
                j = rng.randrange(len(tokens))
                tokens[j] = rng.choice(BAD + ["999999", "-5", "2147483648", "1.5"])
                lines[i] = " ".join(tokens)
            elif kind == "drop":
                del lines[i]
            else:
                lines.insert(i, lines[i])
            run(f"solve {fmt}, {kind} at line {i + 1}: {lines[i] if i < len(lines) else ''}",
                ["solve", "--mesh", write("in.msh", lines), "--model", os.path.join(scratch, "in.toml"), "--out", out], [out])
            runs += 1
    # stresses --params: a fit report's numbers replaced (the estimates, standard errors and
    # correlations that the bands use), on the small coupon.
    params = ['{"parameters": [', '{"name": "IM7_8552.E2", "estimate": 11000.0, "std_error": 150.0},',
              '{"name": "ply1.angle", "estimate": 1.5, "std_error": 0.2}],', '"correlation": [[1.0, 0.3],', '[0.3, 1.0]]}']
    # The small MSH 4.1 coupon of the mesh sweep and the model `mesh` wrote beside it.
    base41 = os.path.join(scratch, "base.msh41.msh")
    base41_model = base41[:-4] + ".toml"
    stresses_out = os.path.join(scratch, "params-stress")
    for _ in range(40):
        lines = list(params)
        i = rng.randrange(len(lines))
        numbers = re.findall(r"-?\d+\.?\d*", lines[i])
        if numbers:
            lines[i] = lines[i].replace(rng.choice(numbers), rng.choice(BAD + ["1e150", "1e151", "-0.99", "1.0000001"]) or "null", 1)
        else:
            del lines[i]
        run(f"stresses --params, line {i + 1}: {lines[i] if i < len(lines) else ''}",
            ["stresses", "--mesh", base41, "--model", base41_model, "--params", write("in.json", lines), "--out", stresses_out],
            [stresses_out])
        runs += 1
    # Command-line options, on valid inputs: the apps' examples, the small MSH 4.1 coupon.
    commands = [(f"app {app}", ["app", app, "--data", os.path.join(APPS, example)] + extra + ["--report", report], [report])
                for app, (example, extra) in APP_CASES.items()]
    mesh_out = os.path.join(scratch, "opt.msh")
    commands.append(("mesh", ["mesh", "--layup", "[0/90]s", "--ply-thickness", "0.125", "--length", "4", "--width", "2",
                              "-o", mesh_out], [mesh_out, mesh_out[:-4] + ".toml"]))
    synth_out = os.path.join(scratch, "opt.csv")
    commands.append(("synth", ["synth", "--mesh", base41, "--model", base41_model, "-o", synth_out], [synth_out]))
    option_stresses_out = os.path.join(scratch, "optstress")
    commands.append(("stresses", ["stresses", "--mesh", base41, "--model", base41_model, "--out", option_stresses_out],
                     [option_stresses_out]))
    validate_report = os.path.join(scratch, "validation.json")
    commands.append(("validate", ["validate", "--report", validate_report], [validate_report]))
    cases = [(label, args, outputs, option, value) for label, args, outputs in commands
             for option in valued_options(args[:2] if args[0] == "app" else args[:1]) for value in OPTION_VALUES]
    for label, args, outputs, option, value in rng.sample(cases, min(option_cases, len(cases))):
        run(f"{label} {option} {value!r}", without_option(args, option) + [option, value], outputs)
        runs += 1
    print(f"{runs} runs, exit statuses {dict(sorted(statuses.items()))}, {len(flagged)} flagged", flush=True)
    for f in flagged:
        print("  " + f)
    sys.exit(1 if flagged else 0)


main()
