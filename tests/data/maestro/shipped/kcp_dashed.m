// Archscape fixture in MAESTRO's format: KC-P in the PyTorch-exported style (layer names with '-',
// DSCONV depthwise layers without Cluster), as MAESTRO's mnasnet/googlenet/squeezenet *_kcp_ws files.
Network torchvision.models.tiny-mnas {
Layer Conv2d-1 {
Type: CONV
Stride { X: 1, Y: 1 }
Dimensions { K: 8, C: 4, R: 3, S: 3, Y: 6, X: 6 }
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
Layer Conv2d-2 {
Type: DSCONV
Stride { X: 1, Y: 1 }
Dimensions { K: 1, C: 8, R: 3, S: 3, Y: 4, X: 4 }
Dataflow {
        SpatialMap(1,1) C;
        TemporalMap(Sz(R),1) Y;
        TemporalMap(Sz(S),1) X;
        TemporalMap(Sz(R),Sz(R)) R;
        TemporalMap(Sz(S),Sz(S)) S;
}
}
}
