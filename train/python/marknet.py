"""The mark network in PyTorch: the same layers, names and wiring as the Java MarkNetGraph, so either trainer's
ONNX file is the contract core's MarkNet reads: input "image" [1, 3, H, W] (RGB / 255 - 0.5, H and W multiples of
16), outputs "logit" [1, 1, H, W] and "matte" [1, 4, H, W] (opacity and colour logits)."""

import torch
from torch import nn
import torch.nn.functional as F

C0, C1, C2, C3, C4 = 16, 32, 64, 96, 128

# name, in, out, kernel, stride, dilation (MarkNetGraph.LAYERS)
LAYERS = [
    ("stem", 3, C0, 3, 1, 1),
    ("d1a", C0, C1, 3, 2, 1), ("d1b", C1, C1, 3, 1, 1),
    ("d2a", C1, C2, 3, 2, 1), ("d2b", C2, C2, 3, 1, 1),
    ("d3a", C2, C3, 3, 2, 1), ("d3b", C3, C3, 3, 1, 1),
    ("d4a", C3, C4, 3, 2, 1), ("d4b", C4, C4, 3, 1, 2), ("d4c", C4, C4, 3, 1, 4),
    ("u3l", C4, C3, 1, 1, 1), ("u3c", C3, C3, 3, 1, 1),
    ("u2l", C3, C2, 1, 1, 1), ("u2c", C2, C2, 3, 1, 1),
    ("u1l", C2, C1, 1, 1, 1), ("u1c", C1, C1, 3, 1, 1),
    ("u0l", C1, C0, 1, 1, 1), ("u0c", C0, C0, 3, 1, 1),
    ("head", C0, 1, 1, 1, 1), ("matte", C0, 4, 1, 1, 1),
]
MULTIPLE = 16


class MarkNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.ModuleDict()
        self.norm = nn.ModuleDict()
        for name, cin, cout, k, stride, dil in LAYERS:
            self.conv[name] = nn.Conv2d(cin, cout, k, stride=stride, padding=dil * (k // 2), dilation=dil)
            if name not in ("head", "matte"):
                self.norm[name] = nn.BatchNorm2d(cout)
                nn.init.kaiming_normal_(self.conv[name].weight, nonlinearity="relu")

    def _c(self, name, x):
        y = self.conv[name](x)
        return self.norm[name](y) if name in self.norm else y

    def _block(self, x, first, second=None):
        y = F.relu(self._c(first, x))
        return y if second is None else F.relu(self._c(second, y))

    def _merge(self, deep, skip, lateral, conv):
        up = F.interpolate(self._c(lateral, deep), scale_factor=2, mode="nearest")
        return F.relu(self._c(conv, up + skip))

    def forward(self, x):
        f0 = self._block(x, "stem")
        f1 = self._block(f0, "d1a", "d1b")
        f2 = self._block(f1, "d2a", "d2b")
        f3 = self._block(f2, "d3a", "d3b")
        f4 = F.relu(self._c("d4c", self._block(f3, "d4a", "d4b")))
        y = self._merge(f4, f3, "u3l", "u3c")
        y = self._merge(y, f2, "u2l", "u2c")
        y = self._merge(y, f1, "u1l", "u1c")
        y = self._merge(y, f0, "u0l", "u0c")
        return self.conv["head"](y), self.conv["matte"](y)


def export_onnx(model, path):
    """Writes the model (inference mode, batch normalisation folded by the exporter's constant folding) as the
    ONNX contract core reads, opset 13, with dynamic height and width."""
    model = model.eval().float().cpu()
    x = torch.zeros(1, 3, 64, 64)
    kwargs = dict(input_names=["image"], output_names=["logit", "matte"], opset_version=13,
                  dynamic_axes={"image": {2: "h", 3: "w"}, "logit": {2: "h", 3: "w"}, "matte": {2: "h", 3: "w"}},
                  do_constant_folding=True)
    try:
        torch.onnx.export(model, (x,), path, dynamo=False, **kwargs)
    except TypeError:  # PyTorch before 2.5 has no dynamo switch
        torch.onnx.export(model, (x,), path, **kwargs)
