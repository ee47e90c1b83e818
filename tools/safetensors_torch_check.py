#!/usr/bin/env python3
"""Manual cross-check of the Java safetensors reader/writer against PyTorch (never run by the tests).

The official `safetensors` Python package is not needed: this file holds a small pure-Python reader and
writer that follow the format (https://github.com/huggingface/safetensors):

    [u64 N, little-endian][N bytes UTF-8 JSON header][data section]
    header = {"__metadata__": {str: str}, name: {"dtype": "F32", "shape": [..], "data_offsets": [b, e]}, ..}

The writer lays the bytes out as the official (Rust) writer does: tensors sorted by dtype (descending, in the
official enum order) then by name, offsets contiguous from 0, compact JSON with "__metadata__" first, the header
padded with spaces to a multiple of 8 bytes.

Usage (with /usr/bin/python3, which has torch):
    safetensors_torch_check.py fixtures DIR     write the PyTorch-made test files into DIR
    safetensors_torch_check.py expected DIR     print the values of DIR's fixtures as Java double literals
    safetensors_torch_check.py verify FILE      check FILE's byte layout, load it into torch, print it;
                                                for the pattern file of the Java test, compare every value
"""
import json
import struct
import sys
from pathlib import Path

import torch

# The official Dtype enum in its declaration order (the writer sorts by it, descending).
DTYPE_ORDER = ["BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "I16", "U16", "F16", "BF16",
               "I32", "U32", "F32", "F64", "I64", "U64"]
TORCH_OF = {"F64": torch.float64, "F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16,
            "I64": torch.int64, "I32": torch.int32, "I16": torch.int16, "I8": torch.int8,
            "U8": torch.uint8, "BOOL": torch.bool}
NAME_OF = {v: k for k, v in TORCH_OF.items()}
MAX_HEADER = 100_000_000


def save(tensors, path, metadata=None):
    """Writes {name: torch.Tensor} as the official writer lays it out."""
    order = sorted(tensors.items(), key=lambda kv: (-DTYPE_ORDER.index(NAME_OF[kv[1].dtype]), kv[0]))
    header, chunks, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = dict(metadata)
    for name, t in order:
        assert sys.byteorder == "little"  # the bytes in memory are then the format's little-endian bytes
        data = t.detach().cpu().contiguous().reshape(-1).view(torch.uint8).numpy().tobytes()
        header[name] = {"dtype": NAME_OF[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    Path(path).write_bytes(struct.pack("<Q", len(text)) + text + b"".join(chunks))


def load(path):
    """Reads a safetensors file into ({name: torch.Tensor}, metadata), checking the official rules."""
    raw = Path(path).read_bytes()
    assert len(raw) >= 8, "shorter than 8 bytes"
    (n,) = struct.unpack("<Q", raw[:8])
    assert n <= MAX_HEADER and 8 + n <= len(raw), f"bad header length {n}"
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    metadata = header.pop("__metadata__", None) or {}
    data = raw[8 + n:]
    entries = sorted(header.items(), key=lambda kv: tuple(kv[1]["data_offsets"]))
    cursor, out = 0, {}
    for name, info in entries:
        b, e = info["data_offsets"]
        assert b == cursor and e >= b, f"{name}: offsets {b, e} not contiguous (expected begin {cursor})"
        dtype = TORCH_OF[info["dtype"]]
        numel = 1
        for d in info["shape"]:
            numel *= d
        assert e - b == numel * torch.tensor([], dtype=dtype).element_size(), f"{name}: size mismatch"
        buf = bytearray(data[b:e])
        t = torch.frombuffer(buf, dtype=dtype) if e > b else torch.empty(0, dtype=dtype)
        out[name] = t.reshape(info["shape"]).clone()
        cursor = e
    assert cursor == len(data), "data section not exactly covered"
    return out, metadata


def fixtures(folder):
    """The PyTorch-written files the Java test SafetensorsTorchInteropTest loads."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(0)
    linear = torch.nn.Linear(4, 3)  # weight [3, 4], bias [3], float32
    sd = linear.state_dict()
    save(sd, folder / "linear_f32.safetensors", {"format": "pt"})
    save({k: v.double() for k, v in sd.items()}, folder / "linear_f64.safetensors", {"format": "pt"})
    # BatchNorm: float32 statistics and an int64 step counter, as a real PyTorch state_dict has.
    bn = torch.nn.BatchNorm1d(3)
    bn.train()
    bn(torch.randn(5, 3))
    save(bn.state_dict(), folder / "batchnorm_f32_i64.safetensors")
    # Half types: normal, subnormal, signed zero, infinity.
    vals = torch.tensor([1.0, -2.5, 0.1, 6.1e-5, 5.96e-8, -0.0, float("inf"), 65504.0])
    save({"h": vals.half(), "b": vals.bfloat16()}, folder / "halfs_f16_bf16.safetensors")
    for f in sorted(folder.glob("*.safetensors")):
        print(f, f.stat().st_size, "bytes")


def expected(folder):
    """Prints every fixture value, widened to float64, as Java literals (repr round-trips exactly)."""
    for f in sorted(Path(folder).glob("*.safetensors")):
        tensors, meta = load(f)
        print(f"// {f.name} metadata={meta}")
        for name, t in tensors.items():
            vals = ", ".join(java_literal(v) for v in t.double().flatten().tolist())
            print(f"// {name} {list(t.shape)} {t.dtype}\n{{{vals}}}")


def java_literal(v):
    if v == float("inf"):
        return "Double.POSITIVE_INFINITY"
    if v == float("-inf"):
        return "Double.NEGATIVE_INFINITY"
    return repr(float(v))


def pattern(name, shape):
    """The values of SafetensorsTorchInteropTest's pattern file: x[i] = (i + 1) / 7 - 0.5 (+ 100 for 'b')."""
    numel = 1
    for d in shape:
        numel *= d
    base = 100.0 if name == "b" else 0.0
    return torch.tensor([(i + 1) / 7.0 - 0.5 + base for i in range(numel)], dtype=torch.float64).reshape(shape)


def verify(path):
    raw = Path(path).read_bytes()
    (n,) = struct.unpack("<Q", raw[:8])
    header = raw[8:8 + n]
    print(f"header length {n} (multiple of 8: {n % 8 == 0}); "
          f"padding: {len(header) - len(header.rstrip(b' '))} spaces")
    print("header:", header.decode("utf-8").rstrip())
    tensors, meta = load(path)
    print("metadata:", meta)
    for name, t in tensors.items():
        print(name, t.dtype, list(t.shape), t.flatten()[:6].tolist())
        if name in ("a", "b"):
            want = pattern(name, list(t.shape)).to(t.dtype)
            same = torch.equal(t, want)
            print(f"  equals the pattern in {t.dtype}: {same}")
            assert same
    # Re-writing with this writer (official layout) must give the same bytes when the Java map was name-sorted.
    out = Path(str(path) + ".py.safetensors")
    save(tensors, out, meta)
    print("byte-identical to the official layout:", out.read_bytes() == raw)


if __name__ == "__main__":
    command, arg = sys.argv[1], sys.argv[2]
    {"fixtures": fixtures, "expected": expected, "verify": verify}[command](arg)
