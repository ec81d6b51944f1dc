// 4 PEs for the worked example of docs/maestro.md (no buffer sizes: unbounded)
num_pes: 4
