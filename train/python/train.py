"""Trains the mark network on a GPU (or, slowly, a CPU): the recipe of the Java MarkTrain, in PyTorch, for the
machines where a GPU is lent (docs: train/README.md, "On a GPU").

    python3 train/python/train.py --data .train-data --out /tmp/marknet --steps 20000 --batch 32

--data is a folder made by stage.py (photos/, logos/, fonts/: the licensed sources minus everything the
benchmark sets were made from). Every evaluation writes marknet.onnx (the contract core reads) and a checkpoint.
"""

import argparse
import glob
import math
import os
import time

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

from marknet import MarkNet, export_onnx
from synth import MarkSynth

ALPHA_WEIGHT = 2.0


def load_sources(data):
    photos = [Image.open(p).convert("RGB") for p in sorted(glob.glob(os.path.join(data, "photos", "*")))
              if p.lower().endswith((".jpg", ".jpeg", ".png"))]
    logos = [Image.open(p).convert("RGBA") for p in sorted(glob.glob(os.path.join(data, "logos", "*.png")))]
    fonts = [p for p in sorted(glob.glob(os.path.join(data, "fonts", "*")))
             if p.lower().endswith((".ttf", ".otf", ".ttc"))]
    for im in photos + logos:
        im.load()
    return photos, logos, fonts


class Samples(torch.utils.data.IterableDataset):
    """An endless stream of samples; each worker draws with its own seed."""

    def __init__(self, data, side, seed, empty_share=0.08):
        self.data, self.side, self.seed, self.empty_share = data, side, seed, empty_share

    def __iter__(self):
        info = torch.utils.data.get_worker_info()
        wid = 0 if info is None else info.id
        photos, logos, fonts = load_sources(self.data)
        synth = MarkSynth(photos, logos, fonts, self.side, self.seed + 7919 * wid, empty_share=self.empty_share)
        while True:
            rgb, target, alpha, w, _ = synth.next()
            yield (torch.from_numpy(rgb / 255.0 - 0.5).permute(2, 0, 1),
                   torch.from_numpy(target)[None], torch.from_numpy(alpha)[None],
                   torch.from_numpy(w / 255.0).permute(2, 0, 1))


def seg_loss(logit, target):
    """Binary cross-entropy plus the batch's soft Dice loss (as MarkTrain.loss)."""
    bce = F.binary_cross_entropy_with_logits(logit, target)
    p = torch.sigmoid(logit)
    dice = 1 - (2 * (p * target).sum() + 1) / (p.sum() + target.sum() + 1)
    return bce + dice


def matte_loss(matte, alpha, colour):
    """L1 of the opacity over the marked pixels and of the colour weighted by the true opacity (as
    MarkTrain.matteLoss)."""
    a_hat = torch.sigmoid(matte[:, 0:1])
    w_hat = torch.sigmoid(matte[:, 1:4])
    touched = (alpha > 0).float()
    alpha_loss = ((a_hat - alpha).abs() * touched).sum() / (touched.sum() + 1) * ALPHA_WEIGHT
    colour_loss = ((w_hat - colour).abs() * alpha).sum() / (alpha.sum() * 3 + 1)
    return alpha_loss + colour_loss


@torch.no_grad()
def evaluate(model, val, device):
    model.eval()
    tp = fp = fn = 0
    a_err = n_mark = 0.0
    for x, t, a, _ in val:
        logit, matte = model(x.to(device)[None])
        pred = (logit[0, 0] > 0).cpu()
        truth = t[0] > 0.5
        tp += int((pred & truth).sum())
        fp += int((pred & ~truth).sum())
        fn += int((~pred & truth).sum())
        a_hat = torch.sigmoid(matte[0, 0]).cpu()
        a_err += float(((a_hat - a[0]).abs() * truth).sum())
        n_mark += float(truth.sum())
    model.train()
    f1 = 2 * tp / max(1, 2 * tp + fp + fn)
    return f1, tp / max(1, tp + fp), tp / max(1, tp + fn), a_err / max(1, n_mark)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--steps", type=int, default=20000)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--side", type=int, default=256)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=max(1, (os.cpu_count() or 2) - 1))
    ap.add_argument("--validation", type=int, default=96)
    ap.add_argument("--eval-every", type=int, default=1000)
    ap.add_argument("--log-every", type=int, default=100)
    ap.add_argument("--empty-share", type=float, default=0.08, help="share of samples that carry no mark")
    ap.add_argument("--resume")
    ap.add_argument("--max-minutes", type=float, default=0, help="stop (evaluating and exporting) after this long")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    torch.manual_seed(args.seed)

    photos, logos, fonts = load_sources(args.data)
    print(f"data: {len(photos)} photos, {len(logos)} logos, {len(fonts)} fonts; device {device}", flush=True)
    vsynth = MarkSynth(photos, logos, fonts, args.side, args.seed + 1000003)
    val = []
    for _ in range(args.validation):
        rgb, t, a, w, _ = vsynth.next()
        val.append((torch.from_numpy(rgb / 255.0 - 0.5).permute(2, 0, 1).float(), torch.from_numpy(t)[None],
                    torch.from_numpy(a)[None], None))

    model = MarkNet().to(device).to(memory_format=torch.channels_last)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    start = 0
    if args.resume:
        ck = torch.load(args.resume, map_location=device)
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        start = ck["step"]
    warm = min(500, args.steps // 20)

    def lr_at(step):
        if step < warm:
            return args.lr * (0.05 + 0.95 * step / warm)
        t = (step - warm) / max(1, args.steps - warm)
        return args.lr * (0.01 + 0.99 * 0.5 * (1 + math.cos(math.pi * min(1.0, t))))

    loader = torch.utils.data.DataLoader(Samples(args.data, args.side, args.seed, args.empty_share), batch_size=args.batch,
                                         num_workers=args.workers, pin_memory=device.type == "cuda",
                                         persistent_workers=args.workers > 0, prefetch_factor=4 if args.workers else None)
    amp = device.type == "cuda"
    t0 = time.time()
    began = time.time()
    running = 0.0
    n = 0
    step = start
    for x, t, a, w in loader:
        step += 1
        for g in opt.param_groups:
            g["lr"] = lr_at(step)
        x = x.to(device, non_blocking=True).float().contiguous(memory_format=torch.channels_last)
        t, a, w = (v.to(device, non_blocking=True).float() for v in (t, a, w))
        with torch.autocast(device_type=device.type, dtype=torch.bfloat16, enabled=amp):
            logit, matte = model(x)
        loss = seg_loss(logit.float(), t) + matte_loss(matte.float(), a, w)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        opt.step()
        running += float(loss)
        n += 1
        out_of_time = args.max_minutes > 0 and time.time() - began > 60 * args.max_minutes
        if step % args.log_every == 0:
            dt = time.time() - t0
            print(f"step {step} loss {running / n:.4f} {dt / n * 1000:.0f} ms/step lr {lr_at(step):.2e}", flush=True)
            running, n, t0 = 0.0, 0, time.time()
        if step % args.eval_every == 0 or step >= args.steps or out_of_time:
            f1, p, r, amae = evaluate(model, val, device)
            print(f"eval step {step}: F1 {f1:.4f} (P {p:.3f} R {r:.3f}), alpha MAE on marks {amae:.4f}", flush=True)
            torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "step": step},
                       os.path.join(args.out, "marknet.pt"))
            export_onnx(_copy(model), os.path.join(args.out, "marknet.onnx"))
            t0 = time.time()
        if step >= args.steps or out_of_time:
            break


def _copy(model):
    """A CPU float copy of the model for the export, so training continues untouched."""
    m = MarkNet()
    m.load_state_dict({k: v.detach().float().cpu() for k, v in model.state_dict().items()})
    return m


if __name__ == "__main__":
    main()
