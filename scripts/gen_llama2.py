#!/usr/bin/env python3
"""Writes presets/workloads/llama2_7b.json: the prefill of Llama 2 7B as an archscape/workload.

Configuration (Touvron et al., "Llama 2: Open Foundation and Fine-Tuned Chat Models", arXiv 2307.09288,
Table 1 and the released config.json of meta-llama/Llama-2-7b-hf): 32 decoder layers, hidden size 4096,
32 attention heads of 128 (no grouped-query attention at 7B), SwiGLU FFN of 11008, vocabulary 32000,
context length 4096, RMSNorm. One prompt of the full context (4096 tokens), batch 1.
"""
import json
import os

HIDDEN, HEADS, HEAD_DIM, FFN, LAYERS, VOCAB, SEQ = 4096, 32, 128, 11008, 32, 32000, 4096

layers = []


def add(name, **fields):
    layers.append({"name": name, **fields})


prev = None
for i in range(LAYERS):
    p = f"l{i}."
    block_in = prev  # the residual stream entering this block (None: the embeddings, a graph input)
    add(p + "attn_norm", type="norm", C=HIDDEN, H=SEQ, inputs=[block_in] if block_in else [])
    for proj in ("q_proj", "k_proj", "v_proj"):
        add(p + proj, type="gemm", M=SEQ, N=HIDDEN, K=HIDDEN, inputs=[p + "attn_norm"])
    add(p + "attn_scores", type="batched_matmul", batch=HEADS, M=SEQ, N=SEQ, K=HEAD_DIM,
        inputs=[p + "q_proj", p + "k_proj"])
    add(p + "attn_softmax", type="softmax", C=HEADS, H=SEQ, W=SEQ)
    add(p + "attn_context", type="batched_matmul", batch=HEADS, M=SEQ, N=HEAD_DIM, K=SEQ,
        inputs=[p + "attn_softmax", p + "v_proj"])
    add(p + "o_proj", type="gemm", M=SEQ, N=HIDDEN, K=HIDDEN)
    add(p + "attn_add", type="elementwise", C=HIDDEN, H=SEQ, operands=2,
        inputs=[p + "o_proj"] + ([block_in] if block_in else []))
    add(p + "ffn_norm", type="norm", C=HIDDEN, H=SEQ)
    add(p + "gate_proj", type="gemm", M=SEQ, N=FFN, K=HIDDEN, inputs=[p + "ffn_norm"])
    add(p + "up_proj", type="gemm", M=SEQ, N=FFN, K=HIDDEN, inputs=[p + "ffn_norm"])
    add(p + "swiglu", type="elementwise", C=FFN, H=SEQ, operands=2, inputs=[p + "gate_proj", p + "up_proj"])
    add(p + "down_proj", type="gemm", M=SEQ, N=HIDDEN, K=FFN)
    add(p + "ffn_add", type="elementwise", C=HIDDEN, H=SEQ, operands=2, inputs=[p + "down_proj", p + "attn_add"])
    prev = p + "ffn_add"
add("final_norm", type="norm", C=HIDDEN, H=SEQ)
add("lm_head", type="gemm", M=SEQ, N=VOCAB, K=HIDDEN)

doc = {
    "format": "archscape/workload",
    "version": 1,
    "name": "llama2_7b",
    "source": "Touvron et al., Llama 2, arXiv 2307.09288 (Table 1) and meta-llama/Llama-2-7b-hf config.json: "
              "32 decoder layers, hidden 4096, 32 heads of 128, SwiGLU FFN 11008, vocabulary 32000, context 4096; "
              "prefill of one 4096-token prompt, batch 1; embedding lookup and rotary embeddings left out (no MACs), "
              "SiLU fused into the gate·up product; see presets/README.md",
    "layers": layers,
}
here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, "..", "presets", "workloads", "llama2_7b.json")
with open(out, "w") as f:
    f.write("{\n")
    f.write(",\n".join(f'  {json.dumps(k)}: {json.dumps(v)}' for k, v in doc.items() if k != "layers"))
    f.write(',\n  "layers": [\n')
    f.write(",\n".join("    " + json.dumps(l) for l in layers))
    f.write("\n  ]\n}\n")
print(out, len(layers), "layers")
