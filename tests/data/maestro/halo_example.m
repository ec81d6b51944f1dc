// The worked example of docs/maestro.md: 4 PEs, one output row each, sliding along X.
Network ex {
  Layer L {
    Type: CONV
    Dimensions { K: 1, C: 1, R: 3, S: 3, Y: 6, X: 6 }
    Dataflow {
      SpatialMap(3,1) Y;
      TemporalMap(3,1) X;
      TemporalMap(Sz(R),Sz(R)) R;
      TemporalMap(Sz(S),Sz(S)) S;
    }
  }
}
