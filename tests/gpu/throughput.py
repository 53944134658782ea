#!/usr/bin/env python3
"""Training throughput of Clipdesk's trainer against a PyTorch eager loop of the same model.

Both train a CLIP of the given shape on random data: batch 256, 224 px, bf16 autocast, fused
scaled_dot_product_attention, AdamW (betas 0.9/0.98, eps 1e-6, decay 0.2 without decay on
gains, biases, embeddings and the temperature), gradient clipping at 1.0, the temperature
clamped at 100: an open_clip-style step, written here (nothing is downloaded). Prints a table
and writes it as JSON, with the model FLOPs utilisation (MFU) of each.

  throughput.py --bench build/gpu/tests/gpu/bench_train_step --out results.json
"""
import argparse
import json
import math
import os
import subprocess
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

SHAPES = {
    # vision: image, patch, width, layers, heads, mlp; text: width, layers, heads, mlp; embed
    "tinyclip-8m": dict(image=224, patch=16, vw=256, vl=10, vh=4, vm=1024, tw=256, tl=3, th=4, tm=1024, embed=512),
    "vit-b-32": dict(image=224, patch=32, vw=768, vl=12, vh=12, vm=3072, tw=512, tl=12, th=8, tm=2048, embed=512),
}
CONTEXT, VOCAB = 77, 49408

# Dense bf16 peak of the tensor cores, TFLOP/s (vendor data sheets); CLIPDESK_PEAK_TFLOPS overrides.
PEAK_BF16_TFLOPS = [("H200", 989.4), ("H100 PCIe", 756.0), ("H100", 989.4), ("A100", 312.0), ("L40S", 362.0),
                    ("L4", 121.0), ("A10", 125.0), ("RTX 4090", 165.2), ("RTX 3090", 71.0)]


def peak_tflops():
    if os.environ.get("CLIPDESK_PEAK_TFLOPS"):
        return float(os.environ["CLIPDESK_PEAK_TFLOPS"])
    name = torch.cuda.get_device_name(0)
    for key, value in PEAK_BF16_TFLOPS:
        if key in name:
            return value
    return None


def train_flops_per_sample(s):
    """Matmul FLOPs of forward + backward (3x forward) for one image-text pair."""
    def tower(tokens, width, layers, mlp):
        per_layer = 2 * tokens * (4 * width * width + 2 * width * mlp) + 2 * 2 * tokens * tokens * width
        return layers * per_layer
    patches = (s["image"] // s["patch"]) ** 2
    vision = tower(patches + 1, s["vw"], s["vl"], s["vm"]) + 2 * patches * 3 * s["patch"] ** 2 * s["vw"]
    vision += 2 * s["vw"] * s["embed"]
    text = tower(CONTEXT, s["tw"], s["tl"], s["tm"]) + 2 * s["tw"] * s["embed"]
    return 3 * (vision + text)


class Attention(nn.Module):
    def __init__(self, width, heads):
        super().__init__()
        self.heads = heads
        self.in_proj = nn.Linear(width, 3 * width)
        self.out_proj = nn.Linear(width, width)

    def forward(self, x, causal):
        b, n, w = x.shape
        q, k, v = self.in_proj(x).view(b, n, 3, self.heads, w // self.heads).permute(2, 0, 3, 1, 4)
        out = F.scaled_dot_product_attention(q, k, v, is_causal=causal)
        return self.out_proj(out.transpose(1, 2).reshape(b, n, w))


class QuickGELU(nn.Module):
    def forward(self, x):
        return x * torch.sigmoid(1.702 * x)


class Block(nn.Module):
    def __init__(self, width, heads, mlp):
        super().__init__()
        self.ln_1, self.ln_2 = nn.LayerNorm(width), nn.LayerNorm(width)
        self.attn = Attention(width, heads)
        self.mlp = nn.Sequential(nn.Linear(width, mlp), QuickGELU(), nn.Linear(mlp, width))

    def forward(self, x, causal=False):
        x = x + self.attn(self.ln_1(x), causal)
        return x + self.mlp(self.ln_2(x))


class Clip(nn.Module):
    def __init__(self, s):
        super().__init__()
        grid = s["image"] // s["patch"]
        self.conv1 = nn.Conv2d(3, s["vw"], s["patch"], s["patch"], bias=False)
        self.class_embedding = nn.Parameter(torch.randn(s["vw"]) * s["vw"] ** -0.5)
        self.v_pos = nn.Parameter(torch.randn(grid * grid + 1, s["vw"]) * 0.01)
        self.ln_pre, self.ln_post = nn.LayerNorm(s["vw"]), nn.LayerNorm(s["vw"])
        self.visual = nn.ModuleList(Block(s["vw"], s["vh"], s["vm"]) for _ in range(s["vl"]))
        self.proj = nn.Parameter(torch.randn(s["vw"], s["embed"]) * s["vw"] ** -0.5)
        self.token_embedding = nn.Embedding(VOCAB, s["tw"])
        self.t_pos = nn.Parameter(torch.randn(CONTEXT, s["tw"]) * 0.01)
        self.text = nn.ModuleList(Block(s["tw"], s["th"], s["tm"]) for _ in range(s["tl"]))
        self.ln_final = nn.LayerNorm(s["tw"])
        self.text_projection = nn.Parameter(torch.randn(s["tw"], s["embed"]) * s["tw"] ** -0.5)
        self.logit_scale = nn.Parameter(torch.tensor(math.log(1 / 0.07)))

    def encode_image(self, pixels):
        x = self.conv1(pixels).flatten(2).transpose(1, 2)
        x = torch.cat([self.class_embedding.expand(x.shape[0], 1, -1).to(x.dtype), x], 1) + self.v_pos.to(x.dtype)
        x = self.ln_pre(x)
        for block in self.visual:
            x = block(x)
        return self.ln_post(x[:, 0]) @ self.proj

    def encode_text(self, ids):
        x = self.token_embedding(ids) + self.t_pos
        for block in self.text:
            x = block(x, causal=True)
        x = self.ln_final(x)
        return x[torch.arange(x.shape[0], device=x.device), ids.argmax(-1)] @ self.text_projection


def eager_samples_per_second(s, batch, steps, warmup):
    torch.manual_seed(0)
    device = torch.device("cuda")
    model = Clip(s).to(device).train()
    decay = [p for n, p in model.named_parameters() if p.ndim >= 2 and "embedding" not in n and "pos" not in n]
    others = [p for n, p in model.named_parameters() if not (p.ndim >= 2 and "embedding" not in n and "pos" not in n)]
    optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": 0.2}, {"params": others, "weight_decay": 0.0}],
                                  lr=5e-4, betas=(0.9, 0.98), eps=1e-6)
    host = [(torch.randn(batch, 3, s["image"], s["image"]).pin_memory(),
             torch.randint(1, 49000, (batch, CONTEXT)).pin_memory()) for _ in range(2)]
    labels = torch.arange(batch, device=device)

    def step(i):
        pixels, ids = (t.to(device, non_blocking=True) for t in host[i % 2])
        optimizer.zero_grad(set_to_none=True)
        with torch.autocast("cuda", dtype=torch.bfloat16):
            img = F.normalize(model.encode_image(pixels), dim=-1)
            txt = F.normalize(model.encode_text(ids), dim=-1)
            logits = model.logit_scale.exp() * img.float() @ txt.float().t()
            loss = (F.cross_entropy(logits, labels) + F.cross_entropy(logits.t(), labels)) / 2
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        with torch.no_grad():
            model.logit_scale.clamp_(0, math.log(100))
        return loss.item()  # as Clipdesk's step, which reports the loss

    for i in range(warmup):
        step(i)
    torch.cuda.synchronize()
    start = time.perf_counter()
    for i in range(steps):
        step(i)
    torch.cuda.synchronize()
    return steps * batch / (time.perf_counter() - start)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bench", required=True, help="the bench_train_step program")
    parser.add_argument("--out", required=True)
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--shapes", default="tinyclip-8m,vit-b-32")
    args = parser.parse_args()
    if not torch.cuda.is_available():
        sys.exit("throughput.py: no CUDA GPU")
    peak = peak_tflops()
    rows = []
    for name in args.shapes.split(","):
        s = SHAPES[name]
        flops = train_flops_per_sample(s)
        run = subprocess.run([args.bench, "--shape", name, "--batch", str(args.batch), "--steps", str(args.steps),
                              "--warmup", str(args.warmup), "--precision", "bf16", "--device", "cuda"],
                             check=True, capture_output=True, text=True)
        clipdesk = json.loads(run.stdout.strip().splitlines()[-1])
        eager = eager_samples_per_second(s, args.batch, args.steps, args.warmup)
        row = dict(shape=name, batch=args.batch, precision="bf16", gpu=torch.cuda.get_device_name(0),
                   torch=torch.__version__, train_gflops_per_sample=flops / 1e9, peak_bf16_tflops=peak,
                   clipdesk_samples_per_second=clipdesk["samples_per_second"],
                   eager_samples_per_second=eager,
                   speedup=clipdesk["samples_per_second"] / eager)
        if peak:
            row["clipdesk_mfu"] = clipdesk["samples_per_second"] * flops / (peak * 1e12)
            row["eager_mfu"] = eager * flops / (peak * 1e12)
        rows.append(row)
        print(f"{name}: Clipdesk {row['clipdesk_samples_per_second']:.0f} samples/s, eager {eager:.0f} samples/s, "
              f"x{row['speedup']:.2f}" + (f", MFU {row['clipdesk_mfu']:.1%} vs {row['eager_mfu']:.1%}" if peak else
                                          ", MFU unknown (set CLIPDESK_PEAK_TFLOPS)"), flush=True)
    with open(args.out, "w") as f:
        json.dump(rows, f, indent=2)


if __name__ == "__main__":
    main()
