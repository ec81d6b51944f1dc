// Archscape fixture in MAESTRO's format: C x K partitioned weight stationary with Cluster(64, P),
// output rows as Y'/X', and MAESTRO's "K 64,C 3" dimension spelling (no colons), as vgg16_ckp_ws.m.
Network CkpLike {
Layer CONV1 {
Type: CONV
Dimensions { K 8,C 3,R 3,S 3,Y 6,X 6 }
Dataflow {
			SpatialMap(1,1) C;
			TemporalMap(64,64) K;
			TemporalMap(3,3) R;
			TemporalMap(3,3) S;
			TemporalMap(1,1) Y';
			TemporalMap(1,1) X';
			Cluster(64, P);
			SpatialMap(1,1) K;
			TemporalMap(3,3) R;
			TemporalMap(3,3) S;
}
}
}
