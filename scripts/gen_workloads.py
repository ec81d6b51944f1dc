#!/usr/bin/env python3
"""Generates the workload presets in presets/workloads/ (format archscape/workload, docs/formats.md).

Each network is built from its published architecture definition (the stage/block tables of the
papers and of torchvision), not from hand-typed layer lists, so that a layer's input size always
follows from the previous layer's output. Activations (ReLU, ReLU6, GELU) and batch normalisation
are fused into the preceding layer, as inference compilers do, and are not listed. Dropout is
omitted (identity at inference). torchvision's adaptive average pools that are the identity at
224x224 (AlexNet 6x6, VGG 7x7) are omitted too.

Run from anywhere:  python3 scripts/gen_workloads.py
It rewrites every preset and prints each network's layer count and MAC total (a convenience for
the reader; the test tests/core/tst_presets.cpp checks totals derived by hand, not these).
"""

import json
import os
import sys

OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "presets", "workloads")


def out_size(size, kernel, stride, padding):
    """Output rows of a convolution or pooling window (dilation 1), as docs/formats.md defines it."""
    return (size + 2 * padding - kernel) // stride + 1


class Builder:
    """Appends layers and tracks the current tensor (name, channels, spatial size)."""

    def __init__(self, name, source):
        self.name = name
        self.source = source
        self.layers = []
        self.macs = 0
        self.cur = None   # name of the layer whose output is the current tensor (None = graph input)
        self.c = 0        # channels of the current tensor
        self.hw = 0       # rows (= cols) of the current tensor

    def set_input(self, channels, hw):
        self.cur, self.c, self.hw = None, channels, hw

    def _append(self, layer, inputs):
        # Leave `inputs` out when it is the previous layer (the documented default).
        prev = self.layers[-1]["name"] if self.layers else None
        if inputs is None:
            inputs = [self.cur] if self.cur is not None else []
        if not (len(inputs) == 1 and inputs[0] == prev):
            layer["inputs"] = inputs
        self.layers.append(layer)
        self.cur = layer["name"]
        return layer["name"]

    def conv(self, name, k, kernel, stride=1, padding=0, groups=1, inputs=None, c=None, hw=None):
        c = self.c if c is None else c
        hw = self.hw if hw is None else hw
        layer = {"name": name, "type": "conv", "C": c, "K": k, "H": hw, "W": hw, "R": kernel, "S": kernel}
        if stride != 1:
            layer["stride"] = stride
        if padding != 0:
            layer["padding"] = padding
        if groups != 1:
            layer["groups"] = groups
        p = out_size(hw, kernel, stride, padding)
        self.macs += p * p * k * (c // groups) * kernel * kernel
        self._append(layer, inputs)
        self.c, self.hw = k, p
        return name

    def pool(self, name, kernel, stride=1, padding=0):
        layer = {"name": name, "type": "pool", "C": self.c, "H": self.hw, "W": self.hw, "R": kernel, "S": kernel}
        if stride != 1:
            layer["stride"] = stride
        if padding != 0:
            layer["padding"] = padding
        self._append(layer, None)
        self.hw = out_size(self.hw, kernel, stride, padding)
        return name

    def add(self, name, a, b):
        """Element-wise residual add of two tensors of the current shape."""
        layer = {"name": name, "type": "elementwise", "C": self.c, "H": self.hw, "W": self.hw, "operands": 2}
        return self._append(layer, [a, b])

    def fc(self, name, out_features):
        """Fully connected layer on the flattened current tensor (batch 1: M = 1)."""
        in_features = self.c * self.hw * self.hw
        layer = {"name": name, "type": "gemm", "M": 1, "N": out_features, "K": in_features}
        self.macs += in_features * out_features
        self._append(layer, None)
        self.c, self.hw = out_features, 1
        return name

    def document(self):
        return {"format": "archscape/workload", "version": 1, "name": self.name, "source": self.source,
                "layers": self.layers}


# ---- AlexNet ---------------------------------------------------------------------------------------
def alexnet():
    b = Builder("alexnet",
                "Krizhevsky, Sutskever, Hinton, ImageNet Classification with Deep Convolutional Neural Networks, "
                "NeurIPS 2012; torchvision single-tower variant (models/alexnet.py: 64-192-384-256-256 channels, "
                "no grouping, no LRN; after Krizhevsky, One weird trick, arXiv:1404.5997), 224x224, batch 1")
    b.set_input(3, 224)
    b.conv("conv1", 64, 11, stride=4, padding=2)
    b.pool("pool1", 3, stride=2)
    b.conv("conv2", 192, 5, padding=2)
    b.pool("pool2", 3, stride=2)
    b.conv("conv3", 384, 3, padding=1)
    b.conv("conv4", 256, 3, padding=1)
    b.conv("conv5", 256, 3, padding=1)
    b.pool("pool5", 3, stride=2)
    b.fc("fc6", 4096)
    b.fc("fc7", 4096)
    b.fc("fc8", 1000)
    return b


# ---- VGG-16 ----------------------------------------------------------------------------------------
def vgg16():
    b = Builder("vgg16",
                "Simonyan, Zisserman, Very Deep Convolutional Networks for Large-Scale Image Recognition, "
                "ICLR 2015, configuration D (13 conv 3x3 + 3 fc), 224x224, batch 1")
    b.set_input(3, 224)
    for stage, (channels, convs) in enumerate([(64, 2), (128, 2), (256, 3), (512, 3), (512, 3)], start=1):
        for i in range(1, convs + 1):
            b.conv(f"conv{stage}_{i}", channels, 3, padding=1)
        b.pool(f"pool{stage}", 2, stride=2)
    b.fc("fc6", 4096)
    b.fc("fc7", 4096)
    b.fc("fc8", 1000)
    return b


# ---- ResNet ----------------------------------------------------------------------------------------
def resnet_stem(b):
    b.set_input(3, 224)
    b.conv("conv1", 64, 7, stride=2, padding=3)
    b.pool("maxpool", 3, stride=2, padding=1)


def resnet_head(b):
    b.pool("avgpool", b.hw)  # global average pool: one window over the whole 7x7 map
    b.fc("fc", 1000)


def resnet_basic(name, depth, blocks):
    b = Builder(name,
                f"He, Zhang, Ren, Sun, Deep Residual Learning for Image Recognition, CVPR 2016, {depth}-layer "
                f"(basic blocks [{','.join(map(str, blocks))}]); torchvision layout (1x1 stride-2 projection shortcuts), "
                "224x224, batch 1")
    resnet_stem(b)
    for stage, (width, count) in enumerate(zip([64, 128, 256, 512], blocks), start=1):
        for block in range(count):
            p = f"layer{stage}.{block}"
            stride = 2 if (stage > 1 and block == 0) else 1
            block_in, c_in, hw_in = b.cur, b.c, b.hw
            b.conv(f"{p}.conv1", width, 3, stride=stride, padding=1)
            main = b.conv(f"{p}.conv2", width, 3, padding=1)
            shortcut = block_in
            if stride != 1 or c_in != width:
                shortcut = b.conv(f"{p}.downsample", width, 1, stride=stride, inputs=[block_in], c=c_in, hw=hw_in)
            b.add(f"{p}.add", main, shortcut)
    resnet_head(b)
    return b


def resnet18():
    return resnet_basic("resnet18", 18, [2, 2, 2, 2])


def resnet34():
    return resnet_basic("resnet34", 34, [3, 4, 6, 3])


def resnet50():
    b = Builder("resnet50",
                "He, Zhang, Ren, Sun, Deep Residual Learning for Image Recognition, CVPR 2016, 50-layer "
                "(bottleneck blocks [3,4,6,3]); torchvision layout = ResNet v1.5: the stride sits in the 3x3 conv "
                "of the first bottleneck of a stage, 1x1 projection shortcuts; 224x224, batch 1")
    resnet_stem(b)
    for stage, (width, blocks) in enumerate([(64, 3), (128, 4), (256, 6), (512, 3)], start=1):
        for block in range(blocks):
            p = f"layer{stage}.{block}"
            stride = 2 if (stage > 1 and block == 0) else 1
            block_in, c_in, hw_in = b.cur, b.c, b.hw
            b.conv(f"{p}.conv1", width, 1)
            b.conv(f"{p}.conv2", width, 3, stride=stride, padding=1)
            main = b.conv(f"{p}.conv3", 4 * width, 1)
            shortcut = block_in
            if stride != 1 or c_in != 4 * width:
                shortcut = b.conv(f"{p}.downsample", 4 * width, 1, stride=stride, inputs=[block_in], c=c_in,
                                  hw=hw_in)
            b.add(f"{p}.add", main, shortcut)
    resnet_head(b)
    return b


# ---- MobileNetV2 -----------------------------------------------------------------------------------
def mobilenetv2():
    b = Builder("mobilenetv2",
                "Sandler, Howard, Zhu, Zhmoginov, Chen, MobileNetV2: Inverted Residuals and Linear Bottlenecks, "
                "CVPR 2018, Table 2, width multiplier 1.0; torchvision layout; 224x224, batch 1")
    b.set_input(3, 224)
    b.conv("conv_stem", 32, 3, stride=2, padding=1)
    # Table 2 of the paper: expansion t, output channels c, repeats n, first stride s.
    settings = [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2),
                (6, 320, 1, 1)]
    index = 0
    for t, c, n, s in settings:
        for i in range(n):
            p = f"block{index}"
            stride = s if i == 0 else 1
            block_in, c_in = b.cur, b.c
            hidden = c_in * t
            if t != 1:
                b.conv(f"{p}.expand", hidden, 1)
            b.conv(f"{p}.dw", hidden, 3, stride=stride, padding=1, groups=hidden)
            main = b.conv(f"{p}.project", c, 1)
            if stride == 1 and c_in == c:
                b.add(f"{p}.add", main, block_in)
            index += 1
    b.conv("conv_last", 1280, 1)
    b.pool("avgpool", b.hw)
    b.fc("classifier", 1000)
    return b


# ---- Transformer encoder layers ------------------------------------------------------------------
def gemm(b, name, m, n, k, inputs=None):
    layer = {"name": name, "type": "gemm", "M": m, "N": n, "K": k}
    b.macs += m * n * k
    b._append(layer, inputs)


def bmm(b, name, batch, m, n, k, inputs):
    layer = {"name": name, "type": "batched_matmul", "batch": batch, "M": m, "N": n, "K": k}
    b.macs += batch * m * n * k
    b._append(layer, inputs)


def vector(b, name, kind, c, h, w=1, inputs=None, operands=None):
    layer = {"name": name, "type": kind, "C": c, "H": h}
    if w != 1:
        layer["W"] = w
    if operands is not None:
        layer["operands"] = operands
    b._append(layer, inputs)


def butterfly(b, name, m, n, batch=1, inputs=None):
    """batch butterfly matrices of size n (a power of two), each applied to m vectors:
    log2(n) stages of n/2 2x2 blocks, 4 MACs a block (docs/templates.md, "Butterfly layers")."""
    assert n >= 2 and n & (n - 1) == 0, n
    layer = {"name": name, "type": "butterfly", "M": m, "n": n}
    if batch != 1:
        layer["batch"] = batch
    b.macs += batch * m * n * (n.bit_length() - 1) * 2
    b._append(layer, inputs)


def bert_base_encoder(seq=512, hidden=768, heads=12, ffn=3072):
    b = Builder("bert_base_encoder",
                "Devlin, Chang, Lee, Toutanova, BERT: Pre-training of Deep Bidirectional Transformers, NAACL 2019: "
                "one BERT-base encoder layer (hidden 768, 12 heads of 64, FFN 3072; Vaswani et al. 2017 layer "
                "structure), sequence length 512, batch 1; GELU fused into ffn1; the residual add after the "
                "attention also reads the layer input (a graph input)")
    head_dim = hidden // heads
    # Token-major activations: GEMM rows M = tokens, a "channel" per hidden feature.
    gemm(b, "q_proj", seq, hidden, hidden, inputs=[])
    gemm(b, "k_proj", seq, hidden, hidden, inputs=[])
    gemm(b, "v_proj", seq, hidden, hidden, inputs=[])
    bmm(b, "attn_scores", heads, seq, seq, head_dim, inputs=["q_proj", "k_proj"])   # Q·Kᵀ per head
    vector(b, "attn_softmax", "softmax", heads, seq, seq)                           # over 12 x 512 x 512 scores
    bmm(b, "attn_context", heads, seq, head_dim, seq, inputs=["attn_softmax", "v_proj"])  # A·V per head
    gemm(b, "out_proj", seq, hidden, hidden)
    vector(b, "attn_add", "elementwise", hidden, seq, operands=2)  # + layer input (graph input)
    vector(b, "attn_norm", "norm", hidden, seq)
    gemm(b, "ffn1", seq, ffn, hidden)
    gemm(b, "ffn2", seq, hidden, ffn)
    vector(b, "ffn_add", "elementwise", hidden, seq, inputs=["ffn2", "attn_norm"], operands=2)
    vector(b, "ffn_norm", "norm", hidden, seq)
    return b


def fabnet_encoder(seq=512, hidden=768, heads=12, ffn=3072):
    """The BERT-base layer above with FABNet's ABfly structure (Fan et al., arXiv 2209.09570): every
    linear layer a butterfly matrix, attention itself dense."""
    n = 1 << (hidden - 1).bit_length()  # 768 -> 1024: a butterfly needs a power of two
    tiles = -(-ffn // n)                # 3072 = 3 x 1024: the FFN as 3 square butterflies
    b = Builder("fabnet_encoder",
                "Fan, Chau, Ng, Luk, Abdelfattah, Adaptable Butterfly Accelerator for Attention-based NNs via "
                "Hardware and Algorithm Co-design, MICRO 2022 (arXiv 2209.09570): an ABfly block, BERT-base's "
                "encoder layer (bert_base_encoder: hidden 768, 12 heads, FFN 3072, sequence 512) with every "
                "linear layer a butterfly matrix and attention dense. Assumptions: the hidden size is padded "
                "to 1024 (butterflies need a power of two), each FFN layer is 3 butterflies of 1024 (3072 = "
                "3 x 1024; ffn2's three partial results summed by an add); the FBfly (2D FFT) blocks are not "
                "included")
    head_dim = hidden // heads
    butterfly(b, "q_proj", seq, n, inputs=[])
    butterfly(b, "k_proj", seq, n, inputs=[])
    butterfly(b, "v_proj", seq, n, inputs=[])
    bmm(b, "attn_scores", heads, seq, seq, head_dim, inputs=["q_proj", "k_proj"])
    vector(b, "attn_softmax", "softmax", heads, seq, seq)
    bmm(b, "attn_context", heads, seq, head_dim, seq, inputs=["attn_softmax", "v_proj"])
    butterfly(b, "out_proj", seq, n)
    vector(b, "attn_add", "elementwise", hidden, seq, operands=2)
    vector(b, "attn_norm", "norm", hidden, seq)
    butterfly(b, "ffn1", seq, n, batch=tiles)
    butterfly(b, "ffn2", seq, n, batch=tiles)
    vector(b, "ffn2_sum", "elementwise", hidden, seq, operands=tiles)
    vector(b, "ffn_add", "elementwise", hidden, seq, inputs=["ffn2_sum", "attn_norm"], operands=2)
    vector(b, "ffn_norm", "norm", hidden, seq)
    return b


# ---- U-Net -----------------------------------------------------------------------------------------
def unet():
    b = Builder("unet",
                "Ronneberger, Fischer, Brox, U-Net: Convolutional Networks for Biomedical Image Segmentation, "
                "MICCAI 2015, Fig. 1: 572x572x1 input, unpadded 3x3 convs, 2x2 max pools, 64-128-256-512-1024 "
                "channels, 2x2 up-convolutions halving the channels, skip connections cropped and concatenated, "
                "1x1 output conv to 2 classes (388x388). A 2x2 stride-2 up-convolution is written as a 1x1 conv "
                "on the 2x upsampled map (same MACs: 4HW x C x C/2); cropping is not a layer")
    b.set_input(1, 572)
    skips = []
    for level, width in enumerate([64, 128, 256, 512]):
        b.conv(f"down{level}.conv1", width, 3)
        skips.append((b.conv(f"down{level}.conv2", width, 3), width))
        b.pool(f"down{level}.pool", 2, stride=2)
    b.conv("bottom.conv1", 1024, 3)
    b.conv("bottom.conv2", 1024, 3)
    for level in (3, 2, 1, 0):
        skip, skip_c = skips[level]
        up = b.conv(f"up{level}.upconv", b.c // 2, 1, hw=2 * b.hw)
        b.conv(f"up{level}.conv1", skip_c, 3, inputs=[up, skip], c=b.c + skip_c)
        b.conv(f"up{level}.conv2", skip_c, 3)
    b.conv("out", 2, 1)
    return b


# ---- ResNet-20 (CIFAR-10) and its product-quantized twin ------------------------------------------
RESNET20_SOURCE = ("He, Zhang, Ren, Sun, Deep Residual Learning for Image Recognition, CVPR 2016, section 4.2: "
                   "ResNet-20 for CIFAR-10 (3 stages of 3 basic blocks, 16/32/64 channels, option A "
                   "parameter-free shortcuts), 32x32, batch 1")


def resnet20_blocks(b, conv):
    """The network around `conv(b, name, k, kernel, stride, padding)`, which emits one conv layer."""
    b.set_input(3, 32)
    conv(b, "conv1", 16, 3, 1, 1)
    for stage, width in enumerate([16, 32, 64], start=1):
        for block in range(3):
            p = f"layer{stage}.{block}"
            stride = 2 if (stage > 1 and block == 0) else 1
            block_in = b.cur
            conv(b, f"{p}.conv1", width, 3, stride, 1)
            main = conv(b, f"{p}.conv2", width, 3, 1, 1)
            # Option A: the shortcut subsamples and zero-pads channels, no weights: the add reads it.
            b.add(f"{p}.add", main, block_in)
    b.pool("avgpool", b.hw)


def resnet20():
    b = Builder("resnet20", RESNET20_SOURCE)
    resnet20_blocks(b, lambda b, name, k, kernel, stride, padding: b.conv(name, k, kernel, stride, padding))
    b.fc("fc", 10)
    return b


def pq_layer(b, name, m, n, k, sub_vectors, codebook, inputs=None):
    """A product-quantized linear layer (docs/templates.md, "PQ layers"); b.macs counts its encode MACs."""
    assert k % sub_vectors == 0, (name, k, sub_vectors)
    layer = {"name": name, "type": "pq", "M": m, "N": n, "K": k, "sub_vectors": sub_vectors, "codebook": codebook}
    b.macs += m * codebook * k
    b._append(layer, inputs)


def resnet20_pq(codebook=16):
    """resnet20 with every conv and the FC as PQ layers: a conv is its im2col GEMM (M = output pixels,
    K = C*R*S, N = output channels) with one sub-vector per input channel's 3x3 patch (D = C); the FC
    in sub-vectors of 4. 16 centroids a sub-space, the codebook of 4-bit codes."""
    b = Builder("resnet20_pq", RESNET20_SOURCE + "; every conv and the FC product-quantized (arXiv 2305.18334): "
                "im2col GEMMs, sub-vectors of one channel's 3x3 patch (FC: 4 elements), 16 centroids")

    def conv(b, name, k, kernel, stride, padding):
        p = out_size(b.hw, kernel, stride, padding)
        pq_layer(b, name, p * p, k, b.c * kernel * kernel, b.c, codebook)
        b.c, b.hw = k, p
        return name

    resnet20_blocks(b, conv)
    pq_layer(b, "fc", 1, 10, b.c, b.c // 4, codebook)
    return b


# ---- Stable Diffusion 1.5 U-Net ------------------------------------------------------------------
def sd15_unet(latent=64, channels=(320, 640, 1280, 1280), heads=8, context=77, context_dim=768, temb=1280):
    """One evaluation of Stable Diffusion 1.5's denoising U-Net (diffusers UNet2DConditionModel) at batch 1.

    Layer naming: diffusers' module names, so a transformer block's self-attention is `<block>.attn1.*`
    and its cross-attention `<block>.attn2.*`; `scores` (Q·Kᵀ) and `softmax` produce the attention map,
    `context` (map · V) consumes it. workload::AttentionReuse finds them by these suffixes."""
    b = Builder("sd15_unet",
                "Rombach, Blattmann, Lorenz, Esser, Ommer, High-Resolution Image Synthesis with Latent Diffusion "
                "Models, CVPR 2022; configuration of runwayml/stable-diffusion-v1-5 (diffusers "
                "UNet2DConditionModel, unet/config.json: sample_size 64, in/out_channels 4, block_out_channels "
                "320-640-1280-1280, layers_per_block 2, CrossAttnDownBlock2D x3 + DownBlock2D, UpBlock2D + "
                "CrossAttnUpBlock2D x3, attention_head_dim 8 (= 8 heads), cross_attention_dim 768, GEGLU "
                "feed-forward, conv proj_in/proj_out). One U-Net evaluation for a 512x512 image (latent "
                "4x64x64), batch 1 (classifier-free guidance runs it twice a step), text context 77x768. SiLU "
                "is fused into the GroupNorm before it, the time embedding's per-channel add into conv1's bias; "
                "nearest 2x upsampling is not a layer (the conv reads the 2x map); skip concatenations are "
                "convs and norms reading two inputs")
    b.set_input(4, latent)
    # Time embedding: sinusoidal 320 features -> linear 1280 -> SiLU -> linear 1280 (graph input: the step).
    gemm(b, "time_embedding.linear_1", 1, temb, channels[0], inputs=[])
    time = "time_embedding.linear_2"
    gemm(b, time, 1, temb, temb)
    b.cur = None  # conv_in reads the latent (graph input), not the time embedding
    b.conv("conv_in", channels[0], 3, padding=1)

    def resnet(p, out, skip=None):
        """ResnetBlock2D: norm1, conv1 (+ time_emb_proj as its bias), norm2, conv2, 1x1 shortcut when the
        channels change, residual add. `skip` = (layer, channels) concatenated to the input (up path)."""
        block_in, c_in, hw = b.cur, b.c, b.hw
        inputs = [block_in] if skip is None else [block_in, skip[0]]
        if skip is not None:
            c_in += skip[1]
        gemm(b, f"{p}.time_emb_proj", 1, out, temb, inputs=[time])
        vector(b, f"{p}.norm1", "norm", c_in, hw, hw, inputs=inputs)
        b.conv(f"{p}.conv1", out, 3, padding=1, c=c_in, hw=hw, inputs=[f"{p}.norm1", f"{p}.time_emb_proj"])
        vector(b, f"{p}.norm2", "norm", out, hw, hw)
        main = b.conv(f"{p}.conv2", out, 3, padding=1)
        shortcut = block_in
        if c_in != out:
            shortcut = b.conv(f"{p}.conv_shortcut", out, 1, inputs=inputs, c=c_in, hw=hw)
        b.add(f"{p}.add", main, shortcut)
        return b.cur

    def attention(p, c, tokens, kv_tokens, kv_dim, kv_input, residual):
        """diffusers Attention: q, k, v projections (no bias), per-head Q·Kᵀ, softmax, map·V, out proj."""
        head_dim = c // heads
        q_in = b.cur
        gemm(b, f"{p}.to_q", tokens, c, c, inputs=[q_in])
        kv = [q_in] if kv_input is None else []
        gemm(b, f"{p}.to_k", kv_tokens, c, kv_dim, inputs=kv)
        gemm(b, f"{p}.to_v", kv_tokens, c, kv_dim, inputs=kv)
        bmm(b, f"{p}.scores", heads, tokens, kv_tokens, head_dim, inputs=[f"{p}.to_q", f"{p}.to_k"])
        vector(b, f"{p}.softmax", "softmax", heads, tokens, kv_tokens)
        bmm(b, f"{p}.context", heads, tokens, head_dim, kv_tokens, inputs=[f"{p}.softmax", f"{p}.to_v"])
        gemm(b, f"{p}.to_out", tokens, c, c)
        vector(b, f"{p}.add", "elementwise", c, tokens, inputs=[f"{p}.to_out", residual], operands=2)

    def transformer(p):
        """Transformer2DModel with one BasicTransformerBlock: self-attention, cross-attention over the
        text context, GEGLU feed-forward (8C = value and gate), each with LayerNorm and residual add."""
        block_in, c, hw = b.cur, b.c, b.hw
        tokens = hw * hw
        vector(b, f"{p}.norm", "norm", c, hw, hw)
        proj_in = b.conv(f"{p}.proj_in", c, 1)
        t = f"{p}.transformer_blocks.0"
        vector(b, f"{t}.norm1", "norm", c, tokens)
        attention(f"{t}.attn1", c, tokens, tokens, c, None, proj_in)
        vector(b, f"{t}.norm2", "norm", c, tokens)
        attention(f"{t}.attn2", c, tokens, context, context_dim, [], f"{t}.attn1.add")
        vector(b, f"{t}.norm3", "norm", c, tokens)
        gemm(b, f"{t}.ff.proj", tokens, 8 * c, c)
        vector(b, f"{t}.ff.geglu", "elementwise", 4 * c, tokens, operands=2)  # value x GELU(gate)
        gemm(b, f"{t}.ff.out", tokens, c, 4 * c)
        vector(b, f"{t}.ff.add", "elementwise", c, tokens, inputs=[f"{t}.ff.out", f"{t}.attn2.add"], operands=2)
        b.c, b.hw = c, hw
        out = b.conv(f"{p}.proj_out", c, 1)
        b.add(f"{p}.add", out, block_in)
        return b.cur

    skips = [(b.cur, b.c)]
    last = len(channels) - 1
    for i, out in enumerate(channels):
        for j in range(2):
            resnet(f"down{i}.res{j}", out)
            if i < last:
                transformer(f"down{i}.attn{j}")
            skips.append((b.cur, b.c))
        if i < last:
            b.conv(f"down{i}.downsample", out, 3, stride=2, padding=1)
            skips.append((b.cur, b.c))
    resnet("mid.res0", channels[-1])
    transformer("mid.attn0")
    resnet("mid.res1", channels[-1])
    for i, out in enumerate(reversed(channels)):
        for j in range(3):
            resnet(f"up{i}.res{j}", out, skip=skips.pop())
            if i > 0:
                transformer(f"up{i}.attn{j}")
        if i < last:
            b.conv(f"up{i}.upsample", out, 3, padding=1, hw=2 * b.hw)
    assert not skips
    vector(b, "conv_norm_out", "norm", b.c, b.hw, b.hw)
    b.conv("conv_out", 4, 3, padding=1)
    return b


def write(b):
    doc = b.document()
    # One layer per line: diffs stay readable and each layer can be found with grep.
    head = {k: v for k, v in doc.items() if k != "layers"}
    lines = ["{"]
    for k, v in head.items():
        lines.append(f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)},")
    lines.append('  "layers": [')
    for i, layer in enumerate(doc["layers"]):
        sep = "," if i + 1 < len(doc["layers"]) else ""
        lines.append("    " + json.dumps(layer, ensure_ascii=False) + sep)
    lines.append("  ]")
    lines.append("}")
    path = os.path.join(OUT_DIR, b.name + ".json")
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    os.replace(tmp, path)
    convs = sum(1 for l in doc["layers"] if l["type"] == "conv")
    print(f"{b.name}: {len(doc['layers'])} layers ({convs} conv), {b.macs} MACs -> {os.path.normpath(path)}")


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    for make in (alexnet, vgg16, resnet18, resnet34, resnet50, mobilenetv2, bert_base_encoder, fabnet_encoder,
                 unet, resnet20, resnet20_pq, sd15_unet):
        write(make())
    return 0


if __name__ == "__main__":
    sys.exit(main())
