// NVDLA-like KC-P weight-stationary dataflow (shared/reference/maestro.md §11), two layers:
// the second has no Dataflow block and reuses the first one's directives.
Constant KTileSz 4;
Network kcp_test {
  Layer CONV1 {
    Type: CONV
    Stride { X: 2, Y: 2 }
    Dimensions { K: 64, C: 3, R: 7, S: 7, Y: 229, X: 229 }
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
  Layer CONV2 {
    Type: CONV
    Dimensions { K: 128, C: 64, R: 3, S: 3, Y: 58, X: 58 }
  }
}
