// Archscape fixture in MAESTRO's format: Transformer layers written as batched 1x1 CONVs (N as the
// sequence), Cluster(1, P), a layer with no Cluster, and repeated layer names, as MAESTRO's
// Transformer_Layers.m and Transformer_Complete.m.
Constant Seq_Len 4;
Network Transformer {
	Layer MH_FC {
		Type: CONV
		Stride { X: 1, Y: 1 }
		Dimensions { N: Seq_Len, K: 12, C: 1, R: 1, S: 8, Y:1, X:8 }
		Dataflow {
			SpatialMap(1,1) K;
			TemporalMap(1,1) C;
			TemporalMap(Sz(R),Sz(R)) R;
			TemporalMap(Sz(S),Sz(S)) S;
			TemporalMap(Sz(R),1) Y;
			TemporalMap(Sz(S),1) X;
			Cluster(1, P);
			SpatialMap(1,1) C;
			TemporalMap(Sz(R),1) Y;
			TemporalMap(Sz(S),1) X;
			TemporalMap(Sz(R),Sz(R)) R;
			TemporalMap(Sz(S),Sz(S)) S;
		}
	}
	Layer MatMul_QK {
		Type: CONV
		Stride { X: 1, Y: 1 }
		Dimensions { N: 1, K: 4, C: 1, R: 1, S: 4, Y: 4, X: 4 }
		Dataflow {
			SpatialMap(1,1) K;
			TemporalMap(1,1) C;
			TemporalMap(Sz(R),Sz(R)) R;
			TemporalMap(Sz(S),Sz(S)) S;
			TemporalMap(Sz(R),1) Y;
			TemporalMap(Sz(S),1) X;
			Cluster(1, P);
			SpatialMap(1,1) C;
			TemporalMap(Sz(R),1) Y;
			TemporalMap(Sz(S),1) X;
			TemporalMap(Sz(R),Sz(R)) R;
			TemporalMap(Sz(S),Sz(S)) S;
		}
	}
	Layer MatMul_QK {
		Type: CONV
		Stride { X: 1, Y: 1 }
		Dimensions { N: 1, K: 4, C: 1, R: 1, S: 4, Y: 4, X: 4 }
		Dataflow {
			SpatialMap(1,1) K;
			TemporalMap(1,1) C;
			TemporalMap(Sz(R),Sz(R)) R;
			TemporalMap(Sz(S),Sz(S)) S;
			TemporalMap(Sz(R),1) Y;
			TemporalMap(Sz(S),1) X;
			Cluster(1, P);
			SpatialMap(1,1) C;
			TemporalMap(Sz(R),1) Y;
			TemporalMap(Sz(S),1) X;
			TemporalMap(Sz(R),Sz(R)) R;
			TemporalMap(Sz(S),Sz(S)) S;
		}
	}
	Layer FF {
		Type: CONV
		Stride { X: 1, Y: 1 }
		Dimensions { N: Seq_Len, K: 16, C: 1, R: 1, S: 8, Y:1, X:8 }
		Dataflow {
			SpatialMap(1,1) K;
			TemporalMap(1,1) C;
			TemporalMap(Sz(R),Sz(R)) R;
			TemporalMap(Sz(S),Sz(S)) S;
			TemporalMap(Sz(R),1) Y;
			TemporalMap(Sz(S),1) X;
		}
	}
}
