// Archscape fixture in MAESTRO's format: YK-P output stationary with TemporalMap(Sz(R),7) R on a
// 3x3 filter, as MAESTRO's *_ykp_os files; MAESTRO rejects it ("Tile size of R(3) should be equal to
// tile offset of R(7)") and so does Archscape.
Network YkpLike {
Layer Conv2d-1 {
Type: CONV
Stride { X: 1, Y: 1 }
Dimensions { K: 32, C: 3, R: 3, S: 3, Y: 8, X: 8 }
Dataflow {
    TemporalMap(16,16) K;
    SpatialMap(Sz(R),1) Y;
    TemporalMap(Sz(S),1) X;
    TemporalMap(1,1) C;
    Cluster(16, P);
    SpatialMap(1,1) K;
    TemporalMap(Sz(R),1) Y;
    TemporalMap(Sz(S),1) X;
    TemporalMap(Sz(R),7) R;
    TemporalMap(Sz(S),7) S;
}
}
}
