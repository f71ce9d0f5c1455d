"""A tiny reverse-mode autograd on matrices: micrograd for the column convention (notebook 07).

A `Tensor` holds a 2-D float array `value`, its gradient `grad` = dJ/d(value) (value's shape, filled
by `backward()`), the tensors it was computed from (`parents`) and `op`, its name in the recorded graph.
Each operation records its backward rule, a vector-Jacobian product (VJP): given G = dJ/d(output), it
adds each parent's share to the parent's grad. The rules are the course's formulas, never a Jacobian:

    Z = W @ A       dW += G A^T,   dA += W^T G                       (notebook 03, sections 3 and 6)
    Z = P + b       dP += G,  db += G summed over b's broadcast axes  (notebook 04, section 2, line 3)
    A = g(Z)        dZ += G * g'(Z), or J_s^T G per column (softmax)  (notebook 04, sections 2, 3.2, 4)
    J = mean loss   dZ += G (A - Y) / m, fused output layer          (notebook 04, section 3)

`backward()` visits the graph in reverse topological order, so a node's grad is complete before its
rule runs. A tensor used twice gets two contributions, and they add (the `+=`): the sum over paths.
"""

import numpy as np

from .formatting import shape_str
from .validate import as_float_array
from .activations import activation_backward, get_activation
from .losses import check_labels, get_output_layer

__all__ = ["Tensor"]


def _check_tensor(x, what):
    """Raise TypeError unless x is a Tensor."""
    if not isinstance(x, Tensor):
        raise TypeError(f"{what} must be a helpers.autograd.Tensor, got {type(x).__name__}; wrap arrays in Tensor(...)")


def _unbroadcast(G, shape):
    """G summed over the axes where an operand of `shape` was broadcast (size 1), kept 2-D."""
    axes = tuple(ax for ax, (n, g) in enumerate(zip(shape, G.shape)) if n == 1 and g != 1)
    return G.sum(axis=axes, keepdims=True) if axes else G  # (shape)


class Tensor:
    """A node of the graph: a 2-D float array, its gradient, its parents and the VJP that feeds them."""

    def __init__(self, value, name="", parents=(), op="input"):
        """A leaf holding value, a 2-D array such as (n, m); name labels it in graph()."""
        if not isinstance(name, str):
            raise TypeError(f"name must be a string, got {type(name).__name__}")
        self.value = as_float_array(value, f"the value of Tensor {name!r}", ndim=2).copy()  # (n, m)
        self.grad = np.zeros_like(self.value)  # (n, m): dJ/d(value), set by backward()
        self.name, self.parents, self.op = name, tuple(parents), op
        self._vjp = None  # G -> adds the parents' shares; None for a leaf

    def __repr__(self):
        """Tensor('W1', input, shape (3, 2))."""
        return f"Tensor({self.name!r}, {self.op}, shape {shape_str(self.value.shape)})"

    def named(self, name):
        """Give this node a name for graph(); returns self, so Z1 = (W1 @ X + b1).named('Z1') reads well."""
        if not isinstance(name, str):
            raise TypeError(f"name must be a string, got {type(name).__name__}")
        self.name = name
        return self

    def __matmul__(self, other):
        """Z = self @ other (matrix product); VJP dW = G A^T, dA = W^T G."""
        _check_tensor(other, "the right operand of @")
        W, A = self.value, other.value
        if W.shape[1] != A.shape[0]:
            raise ValueError(f"{self.name or 'left'} @ {other.name or 'right'}: shapes {shape_str(W.shape)} and "
                             f"{shape_str(A.shape)} do not conform (the left's columns must equal the right's rows)")
        out = Tensor(W @ A, f"{self.name} @ {other.name}", (self, other), "matmul")  # (n, m)

        def vjp(G):  # G (n, m)
            self.grad += G @ A.T  # (n, m) @ (m, k) -> (n, k): dJ/dW = G A^T
            other.grad += W.T @ G  # (k, n) @ (n, m) -> (k, m): dJ/dA = W^T G
        out._vjp = vjp
        return out

    def __add__(self, other):
        """Z = self + other, broadcasting a column (n, 1) or a row (1, m); VJP sums G over broadcast axes."""
        _check_tensor(other, "the right operand of +")
        a, b = self.value.shape, other.value.shape
        if any(p != q and 1 not in (p, q) for p, q in zip(a, b)):
            raise ValueError(f"{self.name or 'left'} + {other.name or 'right'}: shapes {shape_str(a)} and "
                             f"{shape_str(b)} do not broadcast (each axis must match or be 1, e.g. b (n, 1))")
        out = Tensor(self.value + other.value, f"{self.name} + {other.name}", (self, other), "add")

        def vjp(G):  # G has the output's shape
            self.grad += _unbroadcast(G, a)  # (a)
            other.grad += _unbroadcast(G, b)  # (b): db = sum of G over the examples
        out._vjp = vjp
        return out

    def activation(self, name):
        """A = g(Z) for g in helpers.activations.ACTIVATIONS; VJP dZ = G * g'(Z) (J_s^T G for softmax)."""
        g = get_activation(name).g  # TypeError / ValueError for an unknown name
        Z = self.value
        out = Tensor(g(Z), f"{name}({self.name})", (self,), name)  # (n, m)

        def vjp(G):  # G (n, m)
            self.grad += activation_backward(name, G, Z)  # (n, m)
        out._vjp = vjp
        return out

    def loss(self, Y, output="sigmoid"):
        """J = mean over the m columns of the output layer's loss, from pre-activations Z; VJP dZ = G (A - Y) / m."""
        layer = get_output_layer(output)
        Z = self.value
        Y = check_labels(Y, output, shape=Z.shape, against=self.name or "Z")  # labels checked in one place
        out = Tensor([[layer.loss_from_Z(Z, Y)]], "J", (self,), f"loss {output}")  # (1, 1)

        def vjp(G):  # G (1, 1)
            self.grad += G[0, 0] * layer.fused_dZ(Z, Y) / Z.shape[1]  # (n_y, m): (A - Y) / m
        out._vjp = vjp
        return out

    def topological_order(self):
        """Every node this one depends on, parents before children, ending with self."""
        order, seen, stack = [], set(), [(self, False)]
        while stack:
            node, expanded = stack.pop()
            if expanded:
                order.append(node)
            elif id(node) not in seen:
                seen.add(id(node))
                stack.append((node, True))
                stack.extend((p, False) for p in reversed(node.parents) if id(p) not in seen)
        return order

    def backward(self):
        """Fill .grad of every node of the graph with dJ/d(node) for this 1x1 node J (earlier grads are reset)."""
        if self.value.shape != (1, 1):
            raise ValueError(f"backward() needs a scalar cost J of shape (1, 1), but {self.name or 'this node'} "
                             f"has shape {shape_str(self.value.shape)}; call it on the loss")
        order = self.topological_order()
        for node in order:
            node.grad = np.zeros_like(node.value)
        self.grad = np.ones((1, 1))  # dJ/dJ = 1
        for node in reversed(order):  # children before parents: each grad is complete when used
            if node._vjp is not None:
                node._vjp(node.grad)

    def graph(self):
        """The recorded graph as text, one node per line in topological order: name, op, shape, input names."""
        lines = [f"{'step':>4}  {'node':<12} {'op':<13} {'shape':<8}  inputs"]
        for k, node in enumerate(self.topological_order(), 1):
            inputs = ", ".join(p.name or "?" for p in node.parents) or "-"
            lines.append(f"{k:>4}  {node.name:<12} {node.op:<13} {shape_str(node.value.shape):<8}  {inputs}")
        return "\n".join(lines)
