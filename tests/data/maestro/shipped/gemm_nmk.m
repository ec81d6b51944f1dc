// Archscape fixture in MAESTRO's format: GEMM layers K-partitioned in clusters (constants for the
// tile sizes, Cluster(KTileSz, P)), as MAESTRO's gnmt_nmk.m, ncf_nmk.m and GEMM_Example.m.
Constant MTileSz 1;
Constant NTileSz 1;
Constant KTileSz 16;
Network TinyGemm {
Layer GEMM0 {
Type: GEMM
Dimensions { N: 4, K: 32, M: 8 }
Dataflow {
			TemporalMap(NTileSz,NTileSz) N;
			SpatialMap(MTileSz,MTileSz) M;
			TemporalMap(KTileSz,KTileSz) K;
			Cluster(KTileSz, P);
			TemporalMap(NTileSz,NTileSz) N;
			TemporalMap(MTileSz,MTileSz) M;
			SpatialMap(1,1) K;
		}
}
Layer GEMM1 {
Type: GEMM
Dimensions { N: 8, K: 16, M: 4 }
Dataflow {
			TemporalMap(NTileSz,NTileSz) N;
			SpatialMap(MTileSz,MTileSz) M;
			TemporalMap(KTileSz,KTileSz) K;
			Cluster(KTileSz, P);
			TemporalMap(NTileSz,NTileSz) N;
			TemporalMap(MTileSz,MTileSz) M;
			SpatialMap(1,1) K;
		}
}
}
