#!/usr/bin/python3
"""Writes bench/ce.onnx, the onnxruntime-node peer of bench/ce.mjs: cross entropy (mean over class-index
targets) of float32 [N, C] logits, and its gradient, computed from one log_softmax.

Regenerate (Debian's PyTorch; torch.onnx.export needs neither the onnx nor the onnxruntime Python package):

    /usr/bin/python3 bench/make_ce_onnx.py            # writes bench/ce.onnx (about 2 KB, byte-identical on rerun)

Inputs:  logits float32 [n, c] (both dimensions dynamic), target int64 [n] (class indices in [0, c)).
Outputs: loss  float32 []      = mean_i -log_softmax(logits)[i, target_i]
         grad  float32 [n, c]  = (softmax(logits) - onehot(target)) / n

The graph (opset 17) is LogSoftmax -> {GatherElements -> ReduceMean -> Neg: loss;
Exp -> Mul(1/n) -> ScatterElements(reduction='add', -1/n at [i, target_i]): grad}. Why this form:
  * F.nll_loss(F.log_softmax(x)) or F.cross_entropy(x) would be exported (the exporter fuses the pair) as
    SoftmaxCrossEntropyLoss(logits, target), which recomputes the softmax from the logits, so the gradient's
    softmax would be a second full pass; the loss is therefore taken with a gather from the one log_softmax.
  * The -1/n at the targets is a scatter-add of n values (ScatterElements with reduction needs opset >= 16)
    rather than subtracting a dense one-hot (OneHot + Cast + Sub: three more [n, c] passes and buffers).
On 2 AMD EPYC cores (onnxruntime-node 1.30, 1 thread) this graph took ~0.43-0.58 s at [4096, 32000] and
~220 ms at [512, 128256], against ~0.55 s / ~275 ms for F.cross_entropy + a separate softmax and ~0.9-1.9 s at
[4096, 32000] for the literal nll_loss + one_hot form.
"""

from pathlib import Path

import torch
import torch.nn.functional as F


class CrossEntropyWithGrad(torch.nn.Module):
    def forward(self, logits, target):
        n = logits.shape[0]  # traced from Shape(logits), so it stays dynamic
        lp = F.log_softmax(logits, 1)
        t = target[:, None]
        loss = -lp.gather(1, t).mean()
        inv = 1.0 / n
        grad = torch.exp(lp) * inv
        grad = grad.scatter_add(1, t, torch.zeros_like(target, dtype=logits.dtype)[:, None] - inv)
        return loss, grad


def main():
    out = Path(__file__).with_name("ce.onnx")
    model = CrossEntropyWithGrad().eval()
    x = torch.randn(3, 5)
    y = torch.tensor([4, 0, 2])
    # Check the traced computation against autograd before exporting.
    xr = x.clone().requires_grad_(True)
    ref = F.cross_entropy(xr, y)
    ref.backward()
    loss, grad = model(x, y)
    ok = torch.allclose(loss, ref) and torch.allclose(grad, xr.grad, atol=1e-7)
    assert ok, "graph disagrees with autograd"
    torch.onnx.export(
        model,
        (x, y),
        str(out),
        input_names=["logits", "target"],
        output_names=["loss", "grad"],
        dynamic_axes={"logits": {0: "n", 1: "c"}, "target": {0: "n"}, "grad": {0: "n", 1: "c"}},
        opset_version=17,
        do_constant_folding=True,
        verbose=False,  # False also leaves out doc strings (source paths of this machine)
    )
    print(f"wrote {out} ({out.stat().st_size} bytes, torch {torch.__version__})")


if __name__ == "__main__":
    main()
