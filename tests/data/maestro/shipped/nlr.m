// Archscape fixture in MAESTRO's format: no local reuse (C spread over PEs, everything else
// temporal, SpatialMap last), as MAESTRO's shipped *_nlr files.
Network NlrLike {
	Layer STEM {
		Type: CONV
		Stride { X: 2, Y: 2 }
		Dimensions { K: 4, C: 3, R: 3, S: 3, Y: 9, X: 9 }
		Dataflow {
			TemporalMap (1,1) K;
			TemporalMap (Sz(R), 1) Y;
			TemporalMap (Sz(S), 1) X;
			TemporalMap (Sz(R), Sz(R)) R;
			TemporalMap (Sz(S), Sz(S)) S;
			SpatialMap (1,1) C;
		}
	}
	Layer SHORTCUT {
		Type: DSCONV
		Stride { X: 1, Y: 1 }
		Dimensions { K: 1, C: 4, R: 1, S: 1, Y: 4, X: 4 }
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
