// Archscape fixture in MAESTRO's format: ShiDianNao-style YX-P output stationary with Cluster(8, P):
// a stride-2 7x7 stem with TemporalMap(14,8) X, a 3x3 layer with TemporalMap(8+S-1,8) X, and a 7x7
// filter on a 7x7 input whose TemporalMap(8,8) X covers the row in one step, as MAESTRO's *_yxp_os files;
// and a 3x3 layer with TemporalMap(8,8) X on 14 columns, which skips 2 output columns per step
// (ResNeXt50_yxp_os.m's CONV4_2_2): MAESTRO runs it, Archscape's conversion refuses it.
Network YxpLike {
	Layer STEM {
		Type: CONV
		Stride { X: 2, Y: 2 }
		Dimensions { K: 2, C: 3, R: 7, S: 7, Y: 17, X: 17 }
		Dataflow {
			TemporalMap(1,1) K;
			TemporalMap(1,1) C;
			SpatialMap(Sz(R), 1) Y;
			TemporalMap(14,8) X;
			Cluster(8, P);
			SpatialMap(Sz(S), 1) X;
			TemporalMap(Sz(R), Sz(R)) R;
			TemporalMap(Sz(R), Sz(R)) S;
		}
	}
	Layer MIDDLE {
		Type: CONV
		Stride { X: 1, Y: 1 }
		Dimensions { K: 4, C: 2, R: 3, S: 3, Y: 12, X: 12 }
		Dataflow {
			TemporalMap(1,1) K;
			TemporalMap(1,1) C;
			SpatialMap(Sz(R), 1) Y;
			TemporalMap(10,8) X;
			Cluster(8, P);
			SpatialMap(Sz(S), 1) X;
			TemporalMap(Sz(R), Sz(R)) R;
			TemporalMap(Sz(R), Sz(R)) S;
		}
	}
	Layer LAST {
		Type: CONV
		Stride { X: 1, Y: 1 }
		Dimensions { K: 4, C: 4, R: 7, S: 7, Y: 7, X: 7 }
		Dataflow {
			TemporalMap(1,1) K;
			TemporalMap(1,1) C;
			SpatialMap(Sz(R), 1) Y;
			TemporalMap(8,8) X;
			Cluster(8, P);
			SpatialMap(Sz(S), 1) X;
			TemporalMap(Sz(R), Sz(R)) R;
			TemporalMap(Sz(R), Sz(R)) S;
		}
	}
	Layer SKIPPING {
		Type: CONV
		Stride { X: 1, Y: 1 }
		Dimensions { K: 2, C: 2, R: 3, S: 3, Y: 6, X: 14 }
		Dataflow {
			TemporalMap(1,1) K;
			TemporalMap(1,1) C;
			SpatialMap(Sz(R), 1) Y;
			TemporalMap(8,8) X;
			Cluster(8, P);
			SpatialMap(Sz(S), 1) X;
			TemporalMap(Sz(R), Sz(R)) R;
			TemporalMap(Sz(R), Sz(R)) S;
		}
	}
}
