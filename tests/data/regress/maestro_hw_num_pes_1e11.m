// issue 18: an integral value that fits int64 but not int (num_pes is an int PE count): now refused.
num_pes: 100000000000
l1_size_cstr: 100
l2_size_cstr: 3000
noc_bw_cstr: 1000
offchip_bw_cstr: 50
