// Archscape fixture in MAESTRO's format: X-partitioned weight-stationary (single cluster level,
// SpatialMap(Sz(S),1) X), a stride-2 stem and a 1x1 layer, as MAESTRO's shipped *_xp_ws files.
Network XpLike {
	Layer STEM {
		Type: CONV
		Stride { X: 2, Y: 2 }
		Dimensions { K: 4, C: 3, R: 3, S: 3, Y: 11, X: 11 }
		Dataflow {
			TemporalMap (1,1) K;
			TemporalMap (1,1) C;
			TemporalMap (Sz(R),1) Y;
			SpatialMap (Sz(S),1) X;
			TemporalMap (Sz(R),Sz(R)) R;
			TemporalMap (Sz(S),Sz(S)) S;
		}
	}
	Layer POINTWISE {
		Type: CONV
		Stride { X: 1, Y: 1 }
		Dimensions { K: 8, C: 4, R: 1, S: 1, Y: 5, X: 5 }
		Dataflow {
			TemporalMap (1,1) K;
			TemporalMap (1,1) C;
			TemporalMap (Sz(R),1) Y;
			SpatialMap (Sz(S),1) X;
			TemporalMap (Sz(R),Sz(R)) R;
			TemporalMap (Sz(S),Sz(S)) S;
		}
	}
}
