"""Insert the cells that use the derivation checker, the backward-pass stepper and the gradient-check doctor.

    python tools/insert_tool_cells.py            # notebooks 02, 03 and 04, in place
    python tools/insert_tool_cells.py --check    # exit 1 unless every block is present

Each block of new cells goes right before a heading that exists in the notebook (found by its text, not
by position), so the script applies to any version of the notebooks whose headings are unchanged, and it
skips a block that is already there (idempotent). It only inserts: no existing cell is changed. Execute the
notebooks afterwards with `python tools/run_notebooks.py notebooks/0[234]_*.ipynb`.
"""

import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]


def md(text):
    return nbformat.v4.new_markdown_cell(text.strip("\n"))


def code(text, tags=(), hidden=False):
    cell = nbformat.v4.new_code_cell(text.strip("\n"))
    if tags:
        cell.metadata["tags"] = list(tags)
    if hidden:
        cell.metadata["jupyter"] = {"source_hidden": True}
    return cell


# ---------------------------------------------------------------- notebook 02: the seed derivation

NB02 = [md(r"""
### Exercise 5: the seed derivation of $\partial J/\partial W$, checked step by step

Section 6 derived the batch gradient in three moves: differentiate one entry of $Z$ (two δ's appear), let the
sum over $j$ collapse, then chain with $\partial J/\partial Z$ and collapse again. Write the moves as a list of
steps, and `helpers.derivation.check_derivation` checks each one: it reads the step in a small notation (the
text is parsed, never run as Python), computes the true value of its left side with sympy from the layer's
definition, and compares. It stops at the **first wrong step** and names the mistake in it.

| you write | it means |
|---|---|
| `H[e,j]`, `W[j,i]`, `B[i]` | the entries $H_{ej}$, $W_{ji}$, $B_i$; an index is one letter |
| `G[e,i]` | $dZ_{ei}$ of section 6 (a name starting with `d` is a derivative in this notation, so it is `G`) |
| `delta[i,l]` | $\delta_{il}$ |
| `sum_ej ...` | $\sum_e\sum_j$ of the product after it, up to the next `+` or `-` |
| `dZ[e,i]/dW[k,l] = ...`, `dJ/dW[k,l] = ...` | $\partial Z_{ei}/\partial W_{kl}$, $\partial J/\partial W_{kl}$ |
| `= ...` | the same left side as the step before |

The checker knows $Z_{ei} = \sum_j H_{ej} W_{ji} + B_i$ and $J = \frac1m \sum_e L_e$, so that
$\partial J/\partial Z_{ei} = dZ_{ei}/m$, `G[e,i]/m`. It checks on sizes that all differ ($m = 4$, $h = 3$,
$y = 2$), so a transposed factor cannot fit by accident. First, what it says about the classic mistake: reading
$\delta_{il}$ as a 1 and dropping it when the sum over $j$ collapses.
"""), code(r"""
from helpers.derivation import check_derivation, row_layer

seed_problem = row_layer()  # Z[e,i] = sum_j H[e,j]*W[j,i] + B[i];  J = 1/m * sum_ei G[e,i]*Z[e,i]
attempt = [
    "dZ[e,i]/dW[k,l] = sum_j H[e,j]*delta[j,k]*delta[i,l]",
    "= H[e,k]",  # delta[i,l] dropped: it is not 1, it is 0 unless i = l
    "dJ/dW[k,l] = 1/m * sum_ei G[e,i]*H[e,k]",
    "= 1/m * sum_e H[e,k]*G[e,l]",
]
ok = check_derivation(attempt, seed_problem)
"""), md(r"""
Your turn: write the four steps right. Any equivalent form passes (other letters for a summed index, the factors
in another order, the $1/m$ elsewhere); the check cell below your answer says which step is the first wrong one.
"""), code(r"""
steps_5 = None  # your answer: a list of four strings, one step each, as in the attempt above
"""), code(r"""
# Check exercise 5: every step against sympy; names the first wrong step and its mistake
ok = check_derivation(steps_5, seed_problem)
"""), code(r"""
# Solution: the sum over j collapses with delta[j,k]; delta[i,l] stays until the chain rule's sum over i removes it
steps_5 = [
    "dZ[e,i]/dW[k,l] = sum_j H[e,j]*delta[j,k]*delta[i,l]",
    "= H[e,k]*delta[i,l]",
    "dJ/dW[k,l] = 1/m * sum_ei G[e,i]*H[e,k]*delta[i,l]",
    "= 1/m * sum_e H[e,k]*G[e,l]",
]
ok = check_derivation(steps_5, seed_problem)
""", tags=["solution"], hidden=True)]

# ---------------------------------------------------------------- notebook 03: the contraction, step by step

NB03 = [md(r"""
### Exercise 4: the contraction of section 6, step by step

Write the derivation of $\partial L/\partial W$ for $Z = WA$ as three steps in the index notation of
[notebook 02](02_index_notation_kronecker.ipynb)'s exercise 5 (`W[i,p]` is $W_{ip}$, `delta[i,k]` is
$\delta_{ik}$, `sum_ij` sums over $i$ and $j$, `= ...` continues the step before):

1. `dZ[i,j]/dW[k,l] = ...`, from $Z_{ij} = \sum_p W_{ip} A_{pj}$ (section 4's formula);
2. `dL/dW[k,l] = ...`, the chain rule: the sum over every entry of $Z$ of `G[i,j]` ($= \partial L/\partial Z_{ij}$,
   the notebook's `dZ`) times step 1;
3. `= ...`, the δ collapsed: one sum left.

`check_derivation` checks every step against sympy on a $2\times3$ $W$ and a $3\times4$ $A$, where the naive
$dZ\,A$ of section 3 does not even fit. Here is what it says about it, in this notation:
"""), code(r"""
from helpers.derivation import check_derivation, matrix_product

product_problem = matrix_product()  # Z[i,j] = sum_p W[i,p]*A[p,j];  L = sum_ij G[i,j]*Z[i,j]
naive = [
    "dZ[i,j]/dW[k,l] = delta[i,k]*A[l,j]",
    "dL/dW[k,l] = sum_ij G[i,j]*delta[i,k]*A[l,j]",
    "= sum_j G[k,j]*A[j,l]",  # (dZ @ A)[k,l]: the naive chain rule
]
ok = check_derivation(naive, product_problem)
"""), code(r"""
steps_4 = None  # your answer: a list of three strings
"""), code(r"""
# Check exercise 4: every step against sympy; names the first wrong step and its mistake
ok = check_derivation(steps_4, product_problem)
"""), code(r"""
# Solution: delta[i,k] keeps only i = k, so the sum over i goes and i becomes k; A keeps its index order (l, j)
steps_4 = [
    "dZ[i,j]/dW[k,l] = delta[i,k]*A[l,j]",
    "dL/dW[k,l] = sum_ij G[i,j]*delta[i,k]*A[l,j]",
    "= sum_j G[k,j]*A[l,j]",  # (dZ @ A.T)[k,l]
]
ok = check_derivation(steps_4, product_problem)
""", tags=["solution"], hidden=True)]

# ---------------------------------------------------------------- notebook 04: stepper, doctor, two exercises

NB04_STEPPER = [md(r"""
### 2.1 Step through the pass, one edge at a time

The stepper below replays sections 1 and 2 on a network whose sizes all differ ($n_x = 3$, $n_h = 4$, $n_y = 2$,
$m = 5$). Each click on **next ▶** follows one edge of the graph: it shows the formula, the matrices that go in
(orange) and the one that comes out (blue), each with its shape, which of notebook 01's four products the step
is, and which factor is transposed, with the shape argument that forces it. **convention** switches to the row
convention: the same numbers, every array transposed. Before each click, predict the shape of what comes out.
"""), code(r"""
from helpers.stepper_widget import backprop_stepper, default_problem

backprop_stepper()
""", tags=["nbval-ignore-output"]), md(r"""
Reading this without a running kernel? Then the stepper cannot respond. Its steps are listed below as it shows
them (open the list), and the cell checks its gradients against finite differences and its row convention
against the column one.
"""), code(r"""
from IPython.display import HTML
from helpers import stepper
from helpers.gradcheck import ROUNDOFF_TOL

p_step, X_step, Y_step = default_problem()
edges = stepper.backprop_edges(p_step, X_step, Y_step)  # column convention
stepped = {e.result[0]: e.result[1] for e in edges}
numeric_step = network.numerical_param_gradients(p_step, X_step, Y_step, hidden="tanh", output="sigmoid")
for name in ["dW1", "db1", "dW2", "db2"]:
    assert compare(name, stepped[name], numeric_step[name])
row_edges = stepper.backprop_edges(p_step, X_step, Y_step, "row")
assert compare("dW1 (row)ᵀ", {e.result[0]: e.result[1] for e in row_edges}["dW1"].T, stepped["dW1"], tol=ROUNDOFF_TOL)
HTML("<details><summary><b>The stepper's 11 steps (column convention)</b></summary>"
     + stepper.sequence_html(edges) + "</details>")
""")]

NB04_DOCTOR = [md(r"""
### 5.1 When a check fails: ask the gradient-check doctor

A failing gradient check has four usual causes, and only one of them is a bug in the formula: an ε so small that
rounding dominates, an ε so large that truncation does, a check run in float32, or a point on a kink.
`helpers.gradient_doctor.diagnose(f, x, grad, eps)` tells them apart. It reruns the check for every ε from
$10^{-12}$ to $10^{-1}$, in float64 and in float32, and the error against ε draws a V: rounding $\propto 1/\varepsilon$
on the left, truncation $\propto \varepsilon^2$ on the right. It compares the one-sided differences
$(f(x+\varepsilon) - f(x))/\varepsilon$ and $(f(x) - f(x-\varepsilon))/\varepsilon$: at a kink they disagree by an amount
that does not shrink with ε. Then it prints one verdict, in the course's rule (an error below the tolerance is
printed as "< 1e-06", never as noise).

Four cases on the cost of section 5's network as a function of one parameter: the right $dW^{[1]}$; a buggy one
(the factor $g^{[1]\prime}(Z^{[1]})$ forgotten); the right one checked in float32; and $db^{[1]}$ of a ReLU network
with one hidden unit exactly at 0 for one example (section 4's kink).
"""), code(r"""
from helpers import gradient_doctor


def cost_of(name, p, X_, Y_, hidden="tanh"):
    "J as a function of the one parameter `name`, computed in that parameter's dtype (float32 in, float32 out)."
    def J(P):
        dt = P.dtype
        q = {k: (P if k == name else v).astype(dt) for k, v in p.items()}
        A1 = q["W1"] @ X_.astype(dt) + q["b1"]                   # Z1, then A1 in place of it
        A1 = np.tanh(A1) if hidden == "tanh" else np.maximum(A1, 0)
        A2 = 1 / (1 + np.exp(-(q["W2"] @ A1 + q["b2"])))
        Yd = Y_.astype(dt)
        return -np.mean(Yd * np.log(A2) + (1 - Yd) * np.log(1 - A2))
    return J


dW1_bug = (p_chk["W2"].T @ (A2_chk - Y_chk)) @ X_chk.T / X_chk.shape[1]   # g1'(Z1) forgotten
p32 = {**p_chk, "W1": p_chk["W1"].astype(np.float32).astype(float)}    # the float32 point, in float64
grads_32 = network.backward(p32, network.forward(p32, X_chk, "tanh", "sigmoid")[1], X_chk, Y_chk, "tanh", "sigmoid")
p_relu = {**p_kink, "b1": np.array([[0.0], [0.3], [-0.2]])}             # unit 0 at exactly 0 for example 1
grads_relu = network.backward(p_relu, network.forward(p_relu, X_kink, "relu", "sigmoid")[1], X_kink, Y_kink,
                              "relu", "sigmoid")
cases = {
    "the right dW1": (cost_of("W1", p_chk, X_chk, Y_chk), p_chk["W1"], grads_chk["dW1"]),
    "a buggy dW1 (g1' forgotten)": (cost_of("W1", p_chk, X_chk, Y_chk), p_chk["W1"], dW1_bug),
    "the right dW1, checked in float32": (cost_of("W1", p_chk, X_chk, Y_chk), p_chk["W1"].astype(np.float32),
                                          grads_32["dW1"]),
    "db1 of a ReLU unit at 0": (cost_of("b1", p_relu, X_kink, Y_kink, "relu"), p_relu["b1"], grads_relu["db1"]),
}
reports = {}
for title, (f, x, grad) in cases.items():
    print(f"— {title}")
    reports[title] = gradient_doctor.diagnose(f, x.copy(), grad, eps=1e-6)
    reports[title].print()
    print()
assert [r.verdict for r in reports.values()] == ["right", "bug", "float32", "kink"]
"""), md(r"""
The V-curves of the four cases. Blue is float64, orange float32, the purple line the ε of the check. A right
gradient in float64 (top left) dips below the tolerance over a wide band of ε, to about $10^{-11}$ near
$\varepsilon = 10^{-5}$, and rises along the two guide lines on either side. A bug (top right) never comes down: no ε
rescues a wrong formula. In float32 (bottom left, orange) the bottom of the V is near $10^{-4}$ (at $\varepsilon \approx 10^{-2}$), far
above the tolerance: no ε makes a float32 check pass. At the kink (bottom right) the whole curve stays high, and
the green curve, without the kink entry, is the V of a right gradient.
"""), code(r"""
from helpers import plots

fig, axes = plt.subplots(2, 2, figsize=(13, 9), layout="constrained")
for ax, (title, report) in zip(axes.flat, reports.items()):
    plots.plot_gradient_doctor(report, ax=ax, title=f"{title}: {report.verdict}", fontsize=11)
fig.suptitle("The gradient-check doctor's ε sweep: relative error of the centred difference against ε", fontsize=13)
plt.show()
right, bug, f32, kink = reports.values()
assert right.floor_error < 1e-9 and 1e-6 <= right.best_eps <= 1e-4    # the bottom of the V
assert bug.errors64.min() > 1e-2 and f32.errors32.min() > 1e-6         # no ε rescues a bug, or float32
assert kink.errors64.min() > 1e-2 and kink.floor_error < 1e-9          # high with the kink entry, a V without
""")]

NB04_EXERCISES = [md(r"""
### Exercise 4: derive db in index notation

In index notation the layer is $Z_{ik} = \sum_j W_{ij} A_{jk} + b_i$ (unit $i$, example $k$), and the cost is the
mean of the losses, so $\partial J/\partial Z_{ik} = dZ_{ik}/m$ with the per-example `dZ` of your backward. Derive
$\partial J/\partial b_p$ in three steps, in the notation of
[notebook 02](02_index_notation_kronecker.ipynb)'s exercise 5 (`G[i,k]` stands for $dZ_{ik}$):

1. `dZ[i,k]/db[p] = ...`;
2. `dJ/db[p] = ...`, the chain rule: the sum over every entry of $Z$ of `G[i,k]/m` times step 1;
3. `= ...`, the δ collapsed. The index that is still summed is the axis of `np.sum(dZ, axis=..., keepdims=True)`.
"""), code(r"""
from helpers.derivation import check_derivation, dense_layer

db_problem = dense_layer()  # Z[i,k] = sum_j W[i,j]*A[j,k] + b[i];  J = 1/m * sum_ik G[i,k]*Z[i,k]
steps_db = None  # your answer: a list of three strings
"""), code(r"""
# Check exercise 4: every step against sympy; names the first wrong step and its mistake
ok = check_derivation(steps_db, db_problem)
"""), code(r"""
# Solution: b[i] is added to every example k, so the sum over k survives: axis 1, the examples
steps_db = [
    "dZ[i,k]/db[p] = delta[i,p]",
    "dJ/db[p] = 1/m * sum_ik G[i,k]*delta[i,p]",
    "= 1/m * sum_k G[p,k]",
]
ok = check_derivation(steps_db, db_problem)
""", tags=["solution"], hidden=True), md(r"""
### Exercise 5: make a failing gradient check pass

A learner checks `dW1` of section 5's network with ε = $10^{-12}$, "to be as accurate as possible", and the check
fails. The doctor's diagnosis:
"""), code(r"""
f_W1 = cost_of("W1", p_chk, X_chk, Y_chk)
gradient_doctor.diagnose(f_W1, p_chk["W1"].copy(), grads_chk["dW1"], eps=1e-12).print()
"""), md(r"""
Choose the ε for this check (a number) so that it passes; the check cell runs the doctor with your ε.
"""), code(r"""
eps_5 = None  # your answer: a number
"""), code(r"""
# Check exercise 5: the doctor, with your eps
def check_ex5(eps):
    if eps is None:
        print("eps_5: not answered yet — replace None with a number")
        return False
    report = gradient_doctor.diagnose(f_W1, p_chk["W1"].copy(), grads_chk["dW1"], eps=eps)
    report.print()
    print("✓ the check passes" if report.verdict == "right" else "✗ the check still fails: see the diagnosis")
    return report.verdict == "right"


ok = check_ex5(eps_5)
"""), code(r"""
# Solution: the bottom of the V, where rounding (1e-16 / eps) and truncation (eps**2) are both small
eps_5 = 1e-6
ok = check_ex5(eps_5)
""", tags=["solution"], hidden=True)]

#: notebook -> [(the heading the block goes before, the block)]
BLOCKS = {
    "02_index_notation_kronecker.ipynb": [("## 7. Choose a layout", NB02)],
    "03_jacobian_tensor_2x2.ipynb": [("## Summary", NB03)],
    "04_two_layer_network.ipynb": [("## 3. Compare three output layers", NB04_STEPPER),
                                   ("## 6. Get the same gradients three other ways", NB04_DOCTOR),
                                   ("### When a backward pass is wrong", NB04_EXERCISES)],
}


def _present(nb, block):
    """True if the block's first cell is already in the notebook."""
    first = block[0].source
    return any(c.source == first for c in nb.cells)


def insert(path, blocks):
    """Insert each missing block before its heading; return the number inserted."""
    nb = nbformat.read(path, as_version=4)
    done = 0
    for heading, block in blocks:
        if _present(nb, block):
            continue
        at = [i for i, c in enumerate(nb.cells) if c.cell_type == "markdown" and c.source.startswith(heading)]
        if len(at) != 1:
            raise SystemExit(f"{path.name}: expected one cell starting with {heading!r}, found {len(at)}")
        nb.cells[at[0]:at[0]] = [nbformat.from_dict(c) for c in block]
        done += 1
    if done:
        nbformat.write(nb, path)
    return done


def main(argv):
    check = "--check" in argv
    missing = 0
    for name, blocks in BLOCKS.items():
        path = ROOT / "notebooks" / name
        if check:
            nb = nbformat.read(path, as_version=4)
            missing += sum(not _present(nb, block) for _, block in blocks)
        else:
            print(f"{name}: {insert(path, blocks)} block(s) inserted")
    if check and missing:
        print(f"{missing} block(s) missing: run python tools/insert_tool_cells.py")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
