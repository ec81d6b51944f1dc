// Archscape fixture in MAESTRO's format: a U-Net up-sampling layer (Type: TRCONV) under the
// no-local-reuse dataflow, between two CONVs, as MAESTRO's UNet_nlr.m / UNet_xp_ws.m / UNet_yxp_os.m.
Network UNetLike {
	Layer DOWN {
		Type: CONV
		Stride { X: 1, Y: 1 }
		Dimensions { K: 4, C: 2, R: 3, S: 3, Y: 6, X: 6 }
		Dataflow {
			TemporalMap (1,1) K;
			TemporalMap (Sz(R), 1) Y;
			TemporalMap (Sz(S), 1) X;
			TemporalMap (Sz(R), Sz(R)) R;
			TemporalMap (Sz(S), Sz(S)) S;
			SpatialMap (1,1) C;
		}
	}
	Layer UP {
		Type: TRCONV
		Dimensions { K: 2, C: 4, R: 2, S: 2, Y: 4, X: 4 }
		Dataflow {
			TemporalMap (1,1) K;
			TemporalMap (Sz(R), 1) Y;
			TemporalMap (Sz(S), 1) X;
			TemporalMap (Sz(R), Sz(R)) R;
			TemporalMap (Sz(S), Sz(S)) S;
			SpatialMap (1,1) C;
		}
	}
	Layer OUT {
		Type: CONV
		Stride { X: 1, Y: 1 }
		Dimensions { K: 2, C: 2, R: 1, S: 1, Y: 8, X: 8 }
		Dataflow {
			TemporalMap (1,1) K;
			TemporalMap (Sz(R), 1) Y;
			TemporalMap (Sz(S), 1) X;
			TemporalMap (Sz(R), Sz(R)) R;
			TemporalMap (Sz(S), Sz(S)) S;
			SpatialMap (1,1) C;
		}
	}
}
