#!/bin/bash
# A real Slurm test of scripts/slurm/*.sbatch on this machine (issue 18): starts munged, slurmctld
# and slurmd (Debian's packages; as root; no systemd) with a generated slurm.conf for this host,
# submits a 4-task explore array over a preset space, kills and requeues task 1 mid-run, waits,
# merges, checks that the merged front and points equal a single run's, and stops every daemon it
# started, by PID. Usage: scripts/slurm/test-local.sh [path/to/archscape-cli]   (default build/)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cli=$(realpath "${1:-$root/build/archscape-cli}")
space=${ARCHSCAPE_SLURM_SPACE:-edge}
workload=${ARCHSCAPE_SLURM_WORKLOAD:-alexnet}
for tool in munged slurmctld slurmd sbatch squeue scontrol; do
    command -v $tool >/dev/null || { echo "test-local.sh: $tool missing (apt-get install slurmctld slurmd slurm-client munge)" >&2; exit 2; }
done
[ "$(id -u)" = 0 ] || { echo "test-local.sh: run as root (munged and slurmd)" >&2; exit 2; }

work=$(mktemp -d /tmp/archscape-slurm-XXXXXX)
chmod 755 "$work"
jid=
cleanup() {
    local rc=$?
    [ -n "${jid:-}" ] && scancel --quiet "$jid" 2>/dev/null && sleep 2
    for f in "$work"/slurmd.pid "$work"/slurmctld.pid "$work"/munged.pid; do
        [ -f "$f" ] || continue
        local pid
        pid=$(cat "$f")
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
    done
    # Job steps run under slurmstepd, started by our slurmd (so with our SLURM_CONF in their
    # environment): none may survive the test; others' processes are left alone.
    for p in /proc/[0-9]*; do
        [ "$(cat "$p/comm" 2>/dev/null)" = slurmstepd ] || continue
        tr '\0' '\n' < "$p/environ" 2>/dev/null | grep -qx "SLURM_CONF=$work/slurm.conf" && kill -9 "${p#/proc/}" 2>/dev/null
    done
    [ $rc = 0 ] && rm -rf "$work" || echo "test-local.sh: failed (rc $rc); logs in $work" >&2
    exit $rc
}
trap cleanup EXIT

host=$(hostname -s)
cpus=$(nproc)
mem=$(awk '/MemTotal/ {print int($2 / 1024 / 2)}' /proc/meminfo)
mkdir -p "$work"/{munge,spool,state,out}
chmod 700 "$work/munge"
dd if=/dev/urandom of="$work/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$work/munge/munge.key"
munged --force --key-file="$work/munge/munge.key" --socket="$work/munge/munge.socket" \
    --pid-file="$work/munged.pid" --log-file="$work/munged.log" --seed-file="$work/munge/seed"
cat > "$work/slurm.conf" <<CONF
ClusterName=archscape-test
SlurmctldHost=$host
SlurmUser=root
AuthType=auth/munge
AuthInfo=socket=$work/munge/munge.socket
CredType=cred/munge
SlurmctldPort=16817
SlurmdPort=16818
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmdSpoolDir=$work/spool
StateSaveLocation=$work/state
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
MpiDefault=none
ReturnToService=2
KillWait=10
JobAcctGatherType=jobacct_gather/none
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP OverSubscribe=FORCE:4
CONF
export SLURM_CONF="$work/slurm.conf"
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
for _ in $(seq 100); do sinfo -h -o %T 2>/dev/null | grep -qE '^(idle|mixed|allocated)' && break; sleep 0.2; done
sinfo -h -o "%N %T %c" || true

echo "single run over $space × $workload"
"$cli" explore --space "$space" --workload "$workload" --quiet --output "$work/single.json"

export ARCHSCAPE_CLI="$cli"
jid=$(sbatch --parsable --array=0-3 --cpus-per-task=1 --chdir="$work" \
    "$here/explore-array.sbatch" "$space" "$workload" "$work/out" --threads 1 --checkpoint-every 1)
echo "array job $jid"
# Kill task 1 mid-run and requeue it: SIGTERM, checkpoint written, task pending again, resumed.
# Its first checkpoint (after 1 s of work) says it is running and has done some points.
for _ in $(seq 600); do [ -f "$work/out/shard-1-of-4.checkpoint" ] && break; sleep 0.1; done
[ "$(squeue -h -j "${jid}_1" -o %T 2>/dev/null)" = RUNNING ] || { echo "task 1 is not running" >&2; exit 1; }
scontrol requeue "${jid}_1"
echo "requeued task 1"
for _ in $(seq 900); do [ -z "$(squeue -h -j "$jid" 2>/dev/null)" ] && break; sleep 1; done
[ -z "$(squeue -h -j "$jid")" ] || { echo "array did not finish" >&2; exit 1; }
grep -h "resuming from\|interrupted by" "$work"/archscape-explore-*_1.log || true
grep -q "interrupted by SIGTERM" "$work"/archscape-explore-*_1.log || { echo "task 1 was not stopped mid-run" >&2; exit 1; }
grep -l "resuming from" "$work"/archscape-explore-*_1.log >/dev/null || { echo "task 1 did not resume from its checkpoint" >&2; cat "$work"/archscape-explore-*_1.log >&2; exit 1; }

mid=$(sbatch --parsable --chdir="$work" --wait "$here/merge.sbatch" "$work/out") || true
python3 - "$work/single.json" "$work/out/merged.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
assert b["complete"], "merged result is incomplete"
assert a["front"] == b["front"], f"fronts differ: {a['front']} vs {b['front']}"
assert a["points"] == b["points"], "points differ"
print(f"merged front of {len(b['front'])} points over {len(b['points'])} points equals the single run's")
PY
