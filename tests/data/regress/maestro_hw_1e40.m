// issue 18: 1e40 is not an integer; the reader used to report it and still convert it to int64 (UB,
// float-cast-overflow under UBSan); values are now range-checked first (tst_absurd_inputs).
num_pes: 1e40
l1_size_cstr: 100
l2_size_cstr: 3000
noc_bw_cstr: 1000
offchip_bw_cstr: 50
