// Eyeriss-like row stationary (the rs template of shared/reference/maestro.md §11).
Network rs_test {
  Layer CONV3 {
    Type: CONV
    Dimensions { K: 32, C: 16, R: 3, S: 3, Y: 18, X: 18 }
    Dataflow {
      SpatialMap(1,1) Y';
      TemporalMap(1,1) X';
      TemporalMap(1,1) C;
      TemporalMap(16,16) K;
      TemporalMap(Sz(R),Sz(R)) R;
      TemporalMap(Sz(S),Sz(S)) S;
      Cluster(Sz(R),P);
      SpatialMap(1,1) Y;
      SpatialMap(1,1) R;
      TemporalMap(Sz(S),Sz(S)) S;
    }
  }
}
