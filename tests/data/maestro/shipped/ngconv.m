// Archscape fixture in MAESTRO's format: a ResNeXt grouped layer (Type: NGCONV with G), between
// two CONV layers, as MAESTRO's ResNeXt50_* files.
Network ResNeXtLike {
	Layer REDUCE {
		Type: CONV
		Stride { X: 1, Y: 1 }
		Dimensions { K: 8, C: 8, R: 1, S: 1, Y: 4, X: 4 }
		Dataflow {
			SpatialMap(1,1) K;
			TemporalMap(64,64) C;
			TemporalMap(Sz(R),Sz(R)) R;
			TemporalMap(Sz(S),Sz(S)) S;
			TemporalMap(Sz(R),1) Y;
			TemporalMap(Sz(S),1) X;
			Cluster(64, P);
			SpatialMap(1,1) C;
			TemporalMap(Sz(R),1) Y;
			TemporalMap(Sz(S),1) X;
			TemporalMap(Sz(R),Sz(R)) R;
			TemporalMap(Sz(S),Sz(S)) S;
		}
	}
	Layer GROUPED {
		Type: NGCONV
		Stride { X: 1, Y: 1 }
		Dimensions { G: 4, K: 2, C: 8, R: 3, S: 3, Y: 6, X: 6 }
		Dataflow {
			TemporalMap(1,1) G;
			SpatialMap(1,1) K;
			TemporalMap(64,64) C;
			TemporalMap(Sz(R),Sz(R)) R;
			TemporalMap(Sz(S),Sz(S)) S;
			TemporalMap(Sz(R),1) Y;
			TemporalMap(Sz(S),1) X;
			Cluster(64, P);
			SpatialMap(1,1) C;
			TemporalMap(Sz(R),1) Y;
			TemporalMap(Sz(S),1) X;
			TemporalMap(Sz(R),Sz(R)) R;
			TemporalMap(Sz(S),Sz(S)) S;
		}
	}
	Layer EXPAND {
		Type: CONV
		Stride { X: 1, Y: 1 }
		Dimensions { K: 16, C: 8, R: 1, S: 1, Y: 4, X: 4 }
		Dataflow {
			SpatialMap(1,1) K;
			TemporalMap(64,64) C;
			TemporalMap(Sz(R),Sz(R)) R;
			TemporalMap(Sz(S),Sz(S)) S;
			TemporalMap(Sz(R),1) Y;
			TemporalMap(Sz(S),1) X;
			Cluster(64, P);
			SpatialMap(1,1) C;
			TemporalMap(Sz(R),1) Y;
			TemporalMap(Sz(S),1) X;
			TemporalMap(Sz(R),Sz(R)) R;
			TemporalMap(Sz(S),Sz(S)) S;
		}
	}
}
