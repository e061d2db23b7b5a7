#!/usr/bin/env bash
# A Spark standalone cluster on this machine: a master (spark://127.0.0.1:7077) and two workers, run
# from the Spark jars Maven fetched for benchmarks/spark (no download, no Spark installation): it
# makes a SPARK_HOME under benchmarks/spark/target/spark-home whose jars/ links to them.
#
#   scripts/spark-cluster.sh start | stop | status | kill-worker N
#
# Then: ./gradus compare --engine spark --master spark://127.0.0.1:7077
# Needs java and curl. Environment: SPARK_CLUSTER_PORT (7077), SPARK_CLUSTER_UI_PORT (8080; workers 8081, 8082),
# SPARK_WORKER_CORES (1 per worker), SPARK_WORKER_MEMORY (1g per
# worker), GRADUS_MVN_OPTS (extra Maven options for the build, e.g. -o).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="$root/benchmarks/spark/target"
home="$target/spark-home"
state="$target/spark-cluster"
port="${SPARK_CLUSTER_PORT:-7077}"
ui_port="${SPARK_CLUSTER_UI_PORT:-8080}"
cores="${SPARK_WORKER_CORES:-1}"
memory="${SPARK_WORKER_MEMORY:-1g}"
workers=(1 2)
master_url="spark://127.0.0.1:$port"

die() { echo "spark-cluster: $*" >&2; exit 1; }

alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

# The SPARK_HOME Spark's launcher needs to start executors: jars/ (links to Maven's Spark jars), conf/, RELEASE.
make_home() {
  if [[ ! -f "$target/spark.classpath" ]]; then
    command -v mvn >/dev/null || die "mvn is needed to fetch Spark's jars"
    echo "spark-cluster: building benchmarks/spark (mvn package, tests skipped)..." >&2
    # shellcheck disable=SC2086
    (cd "$root" && mvn -B -q -DskipTests ${GRADUS_MVN_OPTS:-} -pl benchmarks/spark -am package) >&2
  fi
  rm -rf "$home"
  mkdir -p "$home/jars" "$home/conf"
  tr ':' '\n' < "$target/spark.classpath" | while read -r jar; do
    [[ "$jar" == *.jar ]] && ln -s "$jar" "$home/jars/$(basename "$jar")"
  done
  cp "$root/benchmarks/spark/src/main/resources/log4j2.properties" "$home/conf/log4j2.properties"
  echo "Spark (jars from the Maven build of gradus-harness-spark)" > "$home/RELEASE"
}

# daemon NAME CLASS ARGS...: starts a Spark daemon in the background, its pid in $state/NAME.pid.
daemon() {
  local name="$1"
  shift
  local opens
  opens="$(sed -n 's:.*<spark.java.opens>\(.*\)</spark.java.opens>.*:\1:p' "$root/benchmarks/spark/pom.xml")"
  # shellcheck disable=SC2086
  SPARK_HOME="$home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 nohup java -Xmx256m $opens \
      -cp "$home/conf:$home/jars/*" "$@" > "$state/$name.log" 2>&1 &
  echo $! > "$state/$name.pid"
}

# wait_for WHAT SECONDS COMMAND...: polls COMMAND until it succeeds.
wait_for() {
  local what="$1" seconds="$2"
  shift 2
  for ((i = 0; i < seconds * 4; i++)); do
    "$@" && return 0
    sleep 0.25
  done
  die "$what did not come up within $seconds s (logs in $state)"
}

# Workers the master lists as ALIVE (its web UI's JSON).
alive_workers() {
  curl -s "http://127.0.0.1:$ui_port/json/" 2>/dev/null | grep -c '"state" : "ALIVE"' || true
}

registered_workers() {
  [[ $(alive_workers) -ge ${#workers[@]} ]]
}

start() {
  mkdir -p "$state"
  alive "$state/master.pid" && die "already running (scripts/spark-cluster.sh stop first)"
  command -v java >/dev/null || die "java (17+) is not on the PATH"
  make_home
  daemon master org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$port" --webui-port "$ui_port"
  wait_for "the master" 60 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port" 2>/dev/null
  for w in "${workers[@]}"; do
    mkdir -p "$state/work-$w"
    daemon "worker-$w" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores "$cores" \
        --memory "$memory" --work-dir "$state/work-$w" --webui-port $((ui_port + w)) "$master_url"
  done
  wait_for "the workers" 90 registered_workers
  echo "spark-cluster: master $master_url, ${#workers[@]} workers ($cores core(s), $memory each); logs in $state"
}

# stop_daemon NAME [SIGNAL]: ends a daemon and the executors it started, by their process ids.
stop_daemon() {
  local pidfile="$state/$1.pid" signal="${2:-TERM}"
  alive "$pidfile" || { rm -f "$pidfile"; return 0; }
  local pid children
  pid="$(cat "$pidfile")"
  children="$(ps -o pid= --ppid "$pid" || true)"
  kill "-$signal" "$pid" 2>/dev/null || true
  for ((i = 0; i < 40; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  kill -KILL "$pid" 2>/dev/null || true
  if [[ "$signal" == TERM ]]; then
    for child in $children; do kill -TERM "$child" 2>/dev/null || true; done
  fi
  rm -f "$pidfile"
}

stop() {
  for w in "${workers[@]}"; do stop_daemon "worker-$w"; done
  stop_daemon master
  echo "spark-cluster: stopped"
}

status() {
  local down=0
  for name in master "${workers[@]/#/worker-}"; do
    if alive "$state/$name.pid"; then
      echo "$name: running (pid $(cat "$state/$name.pid"))"
    else
      echo "$name: not running"
      down=1
    fi
  done
  if [[ $down == 0 ]]; then
    echo "master URL: $master_url; workers alive: $(alive_workers)"
  fi
  return $down
}

# kill-worker N: a worker crash (SIGKILL); its executor notices and exits, and Spark reruns its tasks.
kill_worker() {
  [[ " ${workers[*]} " == *" $1 "* ]] || die "kill-worker: no worker '$1' (workers: ${workers[*]})"
  alive "$state/worker-$1.pid" || die "kill-worker: worker $1 is not running"
  stop_daemon "worker-$1" KILL
  echo "spark-cluster: worker $1 killed"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  kill-worker) kill_worker "${2:-}" ;;
  *) die "usage: scripts/spark-cluster.sh start | stop | status | kill-worker N" ;;
esac
