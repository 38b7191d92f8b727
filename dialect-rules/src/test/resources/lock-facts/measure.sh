#!/usr/bin/env bash
# Measures which heavyweight locks PostgreSQL DDL statements take (relation and object locks held by the
# statement's own backend before COMMIT), how they wait against other sessions, and whether lock_timeout
# bounds them. Produces the raw material for dialect-rules/LOCKS-postgres-forms.md.
#
# Usage (as root, or as a non-root user that may run initdb):
#   measure.sh [> raw-output.txt]
# Environment:
#   PGBIN   directory with initdb/pg_ctl/postgres (default: the embedded 17.6 binaries, else found by find)
#   PSQL    psql client (default /usr/bin/psql)
#   PGFACTS_DIR  scratch dir (default /tmp/pgfacts); the cluster there is re-created on every run
#   PORT    (default 55432)
#   ONLY    optional regex; only tests whose id matches are run (e.g. ONLY='^6\.' )
#
# Each test runs in its own database, created from the template "base" (see SETUP below), so every
# statement starts from the same state. Test modes:
#   txn   BEGIN; <stmt>; <lock query>; ROLLBACK;  in one psql session. Then, if a blocker is given, a
#         second run: session A holds the blocker (bare name = LOCK TABLE name IN ACCESS EXCLUSIVE MODE)
#         while session B runs BEGIN; SET LOCAL lock_timeout='1s'; <stmt>; ROLLBACK;
#   bg    for statements that cannot run in a transaction block: session A holds the blocker (bare name =
#         BEGIN; SELECT * FROM name) while session B runs <stmt> with SET lock_timeout='2s'; a third session
#         prints B's pg_locks rows (granted and waiting) and pg_stat_activity after 1s; then the state left
#         behind (invalid indexes, pending detaches) is printed.
#   cont  like bg but lock_timeout='1s' and observation after 0.5s (contention checks).
#   plain run <stmt> alone (autocommit, lock_timeout 2s) and print the state left behind.
# The lock query is the one from the brief, extended with: pg_describe_object() for object locks, a name
# for toast relations, a NEW marker for relations that did not exist before the statement (pg_class oids
# captured before BEGIN), and a filter dropping relation locks on system catalogs (oid < 16384); the
# non-AccessShareLock catalog locks are printed on a separate CATALOG line.
# Session A (the blocker) stays "idle in transaction" between its statement and ROLLBACK (the sleep is
# in the shell, not pg_sleep), so in READ COMMITTED it holds its locks but no snapshot.
set -u

PORT=${PORT:-55432}
PSQL_BIN=${PSQL:-/usr/bin/psql}
DIR=${PGFACTS_DIR:-/tmp/pgfacts}
ONLY=${ONLY:-.}
if [ -z "${PGBIN:-}" ]; then
  PGBIN=/tmp/embedded-pg/PG-8633e0cc222b6e8c5af57b0768a0fd0d/bin
  [ -x "$PGBIN/pg_ctl" ] || PGBIN=$(dirname "$(find / -name pg_ctl -path '*embedded-pg*' 2>/dev/null | head -1)")
fi
export LD_LIBRARY_PATH="$PGBIN/../lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

# --- server -------------------------------------------------------------------------------------------
if [ "$(id -u)" = 0 ]; then
  id pgfacts >/dev/null 2>&1 || useradd -m pgfacts
  AS() { su pgfacts -c "LD_LIBRARY_PATH='$LD_LIBRARY_PATH' $*"; }
else
  AS() { bash -c "$*"; }
fi
mkdir -p "$DIR"; [ "$(id -u)" = 0 ] && chown pgfacts "$DIR"
AS "'$PGBIN/pg_ctl' -D '$DIR/data' -m immediate stop" >/dev/null 2>&1
rm -rf "$DIR/data" "$DIR/work"
AS "'$PGBIN/initdb' -D '$DIR/data' -U postgres --auth=trust -E UTF8 --no-locale" >"$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log"; exit 1; }
AS "'$PGBIN/pg_ctl' -D '$DIR/data' -l '$DIR/server.log' -w start -o \"-c fsync=off -c port=$PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories='$DIR' -c autovacuum=off\"" >/dev/null || { cat "$DIR/server.log"; exit 1; }
trap 'AS "\"$PGBIN/pg_ctl\" -D \"$DIR/data\" -m fast stop" >/dev/null' EXIT
mkdir -p "$DIR/work"; W=$DIR/work

psql() { "$PSQL_BIN" -X -h 127.0.0.1 -p "$PORT" -U postgres "$@"; }

echo "# server: $(psql -d postgres -Atc 'select version()')"
echo "# client: $("$PSQL_BIN" --version)"
echo "# date:   $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "# (autovacuum=off so no background worker takes locks during the runs)"

# --- template database ----------------------------------------------------------------------------------
psql -d postgres -q -c "create role ddl_r" -c "create database base"
psql -d base -q -v ON_ERROR_STOP=1 <<'SETUP' || { echo "SETUP FAILED"; exit 1; }
create schema s;
create table s.st (id int primary key, v text);
insert into s.st select g, 'v' from generate_series(1,50) g;
create schema s2;

create function trgf() returns trigger language plpgsql as $$ begin return new; end $$;
create table t (id serial primary key, c text, n int, d int default 0);
create index t_c_idx on t(c);
insert into t (c, n) select 'x'||g, g from generate_series(1,100) g;
alter table t add constraint t_n_check check (n > 0) not valid;
create trigger trg before insert on t for each row execute function trgf();
create policy t_pol on t using (true);
grant insert on t to ddl_r;

create table ref (id int primary key);
insert into ref select generate_series(1,10);
create table fkt (id int primary key, ref_id int, ref2_id int);
insert into fkt values (1,1,1);
alter table fkt add constraint fkt_ref_fk foreign key (ref_id) references ref(id) not valid;
alter table fkt add constraint fkt_ref2_fk foreign key (ref2_id) references ref(id);
create table child_fk (id int primary key, ref_id int);
insert into child_fk values (1,1);

create unlogged table ut (id int primary key);

create table rt (id int);
create rule rt_r as on delete to rt do instead nothing;

create table p (id int, v text) partition by range (id);
create table p1 partition of p for values from (0) to (100);
create table p2 partition of p for values from (100) to (200);
create table pdef partition of p default;
create index p_id_idx on p(id);
insert into p select g, 'v' from generate_series(0,199) g;
create index p_v_idx on only p(v);
create index p1_v_idx on p1(v);
create table pz (id int, v text);
create index pz_id_idx on pz(id);
insert into pz select g, 'z' from generate_series(200,250) g;
create table pnd (id int, v text) partition by range (id);
create table pnd1 partition of pnd for values from (0) to (100);
create table pndz (id int, v text);
insert into pndz select g, 'z' from generate_series(100,150) g;

create table inh_parent (id int, a text);
create table inh_child () inherits (inh_parent);
create table orphan (id int, a text);

create view v as select id, c from t;
create view v_of_v as select * from v;
create materialized view mv as select id, c from t;
create unique index mv_id_idx on mv(id);
create materialized view mv_nouniq as select id, c from t;

create sequence sq;

create type ty as (a int, b text);
create table tyuse (id int, x ty);
create type ty2 as (a int);
create type e as enum ('a', 'b');
create table euse (id int, val e);
create domain d as int check (value > 0);
create table duse (id int, x d);
insert into duse values (1, 1);

create function fdef() returns int language sql as 'select 1';
create table fu_def (id int, x int default fdef());
create function fchk(int) returns bool language sql as 'select $1 > 0';
create table fu_chk (id int, x int check (fchk(x)));
create function fview() returns int language sql as 'select 1';
create table fu_vt (id int);
create view fu_v as select id, fview() as x from fu_vt;
create function f(int) returns int language sql as 'select $1';
analyze;
SETUP
psql -d postgres -q -c "alter database base is_template true"
echo "# template database 'base' created (objects: see SETUP in measure.sh)"

# --- queries ---------------------------------------------------------------------------------------------
CTE=$(cat <<'Q'
with l as (
  select l.locktype, l.mode, l.granted, l.relation, l.classid, l.objid, l.objsubid,
         c.oid as coid, c.relname, c.relkind, n.nspname
  from pg_locks l left join pg_class c on c.oid = l.relation
       left join pg_namespace n on n.oid = c.relnamespace
  where l.pid = pg_backend_pid() and l.locktype in ('relation', 'object')
    and not (l.locktype = 'relation' and l.relation < 16384)
), named as (
  select *,
    case when locktype = 'object'
           then coalesce(pg_describe_object(classid, objid, objsubid), classid::regclass::text || ':' || objid || ' (gone at query time)')
         when coid is null then coalesce((:'pre_names'::json ->> relation::text) || ' (dropped in txn)', 'transient oid:' || relation || ' (created and dropped in txn)')
         when relkind = 't' then 'toast of ' || coalesce((select r.relname from pg_class r where r.reltoastrelid = coid), relname)
         when nspname = 'pg_toast' then 'toast index of ' || coalesce((select r.relname from pg_class r join pg_index x on x.indrelid = r.reltoastrelid where x.indexrelid = coid), relname)
         when nspname <> 'public' then nspname || '.' || relname
         else relname end as name,
    case when locktype = 'relation' and coid is not null and not (coid = any(:'pre'::oid[])) then 'NEW' else '' end as new
  from l)
Q
)
LOCKQ_FULL="$CTE
select locktype, name, relkind, mode, granted, new from named order by locktype desc, name, mode;"
LOCKQ_COMPACT="$CTE
select 'REL: ' || coalesce(string_agg(name || '(' || coalesce(relkind::text, '?') || ')=' || mode
          || case when new = 'NEW' then '[new]' else '' end || case when not granted then '[WAITING]' else '' end,
          '; ' order by name, mode) filter (where locktype = 'relation'), '(none)')
    || E'\nOBJ: ' || coalesce(string_agg(name || '=' || mode, '; ' order by name, mode) filter (where locktype = 'object'), '(none)')
from named;"
CATQ="select 'CATALOG (non-AccessShareLock): ' || coalesce(string_agg(distinct c.relname || '=' || l.mode, ', '), '(none)')
from pg_locks l join pg_class c on c.oid = l.relation
where l.pid = pg_backend_pid() and l.locktype = 'relation' and l.relation < 16384 and l.mode <> 'AccessShareLock';"
PREQ="select coalesce(array_agg(oid), '{}')::text as pre, json_object_agg(oid, relname)::text as pre_names from pg_class where oid >= 16384 \\gset"

OBSQ() { # $1 = application_name of the session to observe
cat <<Q
select pid, application_name as app, state, wait_event_type, wait_event, pg_blocking_pids(pid) as blocked_by,
       (select string_agg(application_name || '=' || pid, ',') from pg_stat_activity x where x.pid = any(pg_blocking_pids(a.pid))) as blocked_by_app,
       left(query, 70) as query
from pg_stat_activity a where application_name = '$1' and datname = current_database();
select l.locktype,
       coalesce(case c.relkind when 't' then 'toast of ' || (select r.relname from pg_class r where r.reltoastrelid = c.oid) end,
                case when c.relnamespace = 'pg_toast'::regnamespace then 'toast index of ' || (select r.relname from pg_class r join pg_index x on x.indrelid = r.reltoastrelid where x.indexrelid = c.oid) end,
                c.relname, case when l.locktype = 'object' then pg_describe_object(l.classid, l.objid, l.objsubid) end,
                l.virtualxid, l.transactionid::text, 'oid:' || l.relation) as obj,
       c.relkind, l.mode, l.granted,
       case when l.locktype in ('virtualxid', 'transactionid') then
         (select string_agg(distinct sa.application_name, ',') from pg_locks x join pg_stat_activity sa on sa.pid = x.pid
           where x.granted and x.locktype = l.locktype
             and x.virtualxid is not distinct from l.virtualxid and x.transactionid is not distinct from l.transactionid) end as held_by
from pg_locks l left join pg_class c on c.oid = l.relation
where l.pid = (select pid from pg_stat_activity where application_name = '$1' and datname = current_database() limit 1)
  and coalesce(l.relation, 99999) >= 16384
order by l.granted desc, 2, l.mode;
Q
}
STATEQ="select 'INDEX not valid/ready: ' || coalesce(string_agg(indexrelid::regclass || ' on ' || indrelid::regclass || ' valid=' || indisvalid || ' ready=' || indisready, '; '), '(none)') from pg_index where indexrelid >= 16384 and indexrelid::regclass::text <> 'p_v_idx' and not (indisvalid and indisready);
select 'PENDING DETACH: ' || coalesce(string_agg(inhrelid::regclass || ' of ' || inhparent::regclass, '; '), '(none)') from pg_inherits where inhdetachpending;
select 'PARTITIONS of p: ' || coalesce((select string_agg(inhrelid::regclass::text, ',' order by inhrelid::regclass::text) from pg_inherits where inhparent = 'p'::regclass), '(none)')
    || ', of pnd: ' || coalesce((select string_agg(inhrelid::regclass::text, ',' order by inhrelid::regclass::text) from pg_inherits where inhparent = 'pnd'::regclass), '(none)');"

newdb() { psql -d postgres -q -c "set client_min_messages = warning" -c "drop database if exists \"$1\" with (force)" -c "create database \"$1\" template base strategy file_copy"; }
dropdb_() { psql -d postgres -q -c "set client_min_messages = warning" -c "drop database if exists \"$1\" with (force)"; }
blocker_sql() { # $1 = mode, $2 = blocker field
  case "$2" in
    *' '*) echo "$2" ;;
    *) if [ "$1" = txn ]; then echo "LOCK TABLE $2 IN ACCESS EXCLUSIVE MODE"; else echo "SELECT * FROM $2"; fi ;;
  esac
}

run_txn() { # db stmt
  { echo '\set ON_ERROR_STOP 0'; echo '\set VERBOSITY verbose'; echo '\pset footer off'
    echo "$PREQ"
    echo 'BEGIN;'; printf '%s;\n' "$2"
    echo "$LOCKQ_FULL"; echo '\pset tuples_only on'; echo "$LOCKQ_COMPACT"; echo "$CATQ"; echo 'ROLLBACK;'
  } | psql -d "$1" 2>&1 | grep -v '^LOCATION:' | sed 's/^/    /'
}

run_txn_timeout() { # db blocker stmt
  { echo "SET application_name='A';"; echo 'BEGIN;'; echo "$2;"; sleep 2.5; echo 'ROLLBACK;'; } \
    | psql -d "$1" -q -v VERBOSITY=terse >"$W/A.out" 2>&1 &
  local apid=$!
  sleep 0.5
  local out
  out=$({ echo '\set VERBOSITY verbose'; echo 'BEGIN;'; echo "SET LOCAL lock_timeout = '1s';"
          echo 'SELECT clock_timestamp() AS t0 \gset'; printf '%s;\n' "$3"
          echo "SELECT 'elapsed_ms=' || round(extract(epoch from clock_timestamp() - :'t0'::timestamptz) * 1000) AS x;"
          echo 'ROLLBACK;'; } | psql -d "$1" -q -At 2>&1 | grep -v '^LOCATION:')
  local t1; t1=$(date +%s.%N)
  wait "$apid"
  grep -q ERROR "$W/A.out" && echo "    BLOCKER FAILED: $(grep -m1 ERROR "$W/A.out")"
  if grep -q '55P03' <<<"$out"; then
    echo "    TIMEOUT-CHECK (A holds: $2): bounded, $(grep -m1 -o 'ERROR: .*' <<<"$out")"
  elif grep -q 'ERROR' <<<"$out"; then
    echo "    TIMEOUT-CHECK (A holds: $2): other error: $(grep -m1 -o 'ERROR: .*' <<<"$out")"
  else
    echo "    TIMEOUT-CHECK (A holds: $2): did not wait, $(grep -m1 'elapsed_ms' <<<"$out")"
  fi
  # elapsed is only printed by psql when the statement succeeded; on error the transaction is aborted
}

run_bg() { # db blocker stmt lock_timeout observe_after hold
  local db=$1 blk=$2 stmt=$3 lt=$4 obs=$5 hold=$6
  { echo "SET application_name='A';"; echo 'BEGIN;'; echo "$blk;"; sleep "$hold"; echo 'ROLLBACK;'; } \
    | psql -d "$db" -q -v VERBOSITY=terse >"$W/A.out" 2>&1 &
  local apid=$!
  sleep 0.5
  { echo "SET application_name='B';"; echo "SET lock_timeout = '$lt';"; echo '\set VERBOSITY verbose'; echo '\timing on'
    printf '%s;\n' "$stmt"; } | psql -d "$db" -q >"$W/B.out" 2>&1 &
  local bpid=$!
  sleep "$obs"
  echo "    -- observed after ${obs}s (session B = statement, lock_timeout=$lt; session A holds: $blk):"
  OBSQ B | psql -d "$db" -P footer=off 2>&1 | sed 's/^/    /'
  wait "$bpid"
  echo "    -- session B output:"; grep -v '^LOCATION:' "$W/B.out" | sed 's/^/    | /'
  echo "    -- state after B finished (A still open):"
  psql -d "$db" -At -c "$STATEQ" 2>&1 | sed 's/^/    /'
  wait "$apid"
  grep -q ERROR "$W/A.out" && echo "    BLOCKER FAILED: $(grep -m1 ERROR "$W/A.out")"
}

run_plain() { # db stmt
  { echo "SET lock_timeout = '2s';"; echo '\set VERBOSITY verbose'; echo '\timing on'; printf '%s;\n' "$2"; } \
    | psql -d "$1" -q 2>&1 | grep -v '^LOCATION:' | sed 's/^/    | /'
  psql -d "$1" -At -c "$STATEQ" 2>&1 | sed 's/^/    /'
}

pre_setup() { # db pre
  case "$2" in
    '') ;;
    @pending_pnd1)
      echo "    (pre: making pnd1 'pending detach' by a DETACH CONCURRENTLY that times out while A reads pnd1)"
      run_bg "$1" "SELECT * FROM pnd1" "ALTER TABLE pnd DETACH PARTITION pnd1 CONCURRENTLY" 1s 0.5 2 | sed 's/^/  /'
      ;;
    *) echo "    (pre: $2)"; psql -d "$1" -q -c "$2" 2>&1 | sed 's/^/    /' ;;
  esac
}

# --- tests -------------------------------------------------------------------------------------------------
# id|mode|blocker (txn: bare name -> LOCK TABLE name IN ACCESS EXCLUSIVE MODE; bg/cont: bare name -> SELECT * FROM name; '-' none)|pre|statement
cat >"$W/tests" <<'TESTS'
## 1 CREATE TABLE
1.1|txn|-||CREATE TABLE newt (id int, c text)
1.2|txn|ref||CREATE TABLE newfk (id int REFERENCES ref)
1.3|txn|p||CREATE TABLE p3 PARTITION OF p FOR VALUES FROM (200) TO (300)
1.3b|txn|pnd||CREATE TABLE pnd2 PARTITION OF pnd FOR VALUES FROM (100) TO (200)
1.3c|txn|p||CREATE TABLE p3 PARTITION OF p DEFAULT
1.4|txn|inh_parent||CREATE TABLE inh_c2 () INHERITS (inh_parent)
1.5|txn|t||CREATE TABLE likt (LIKE t INCLUDING ALL)
1.6|txn|t||CREATE TABLE ctas AS SELECT * FROM t
1.7|txn|DROP SCHEMA s CASCADE||CREATE TABLE s.news (id int)
1.8|txn|-||CREATE TABLE tyuse2 (id int, x ty)
1.9|txn|t||CREATE TABLE IF NOT EXISTS t (id int)
## 2 partitions
2.1|txn|pz||ALTER TABLE p ATTACH PARTITION pz FOR VALUES FROM (200) TO (300)
2.1b|txn|pdef||ALTER TABLE p ATTACH PARTITION pz FOR VALUES FROM (200) TO (300)
2.2|txn|pndz||ALTER TABLE pnd ATTACH PARTITION pndz FOR VALUES FROM (100) TO (200)
2.2b|txn|pndz|ALTER TABLE pndz ADD CONSTRAINT pndz_range CHECK (id IS NOT NULL AND id >= 100 AND id < 200)|ALTER TABLE pnd ATTACH PARTITION pndz FOR VALUES FROM (100) TO (200)
2.3|txn|p||ALTER TABLE p DETACH PARTITION p1
2.3b|txn|p||ALTER TABLE p DETACH PARTITION pdef
2.3c|txn|pnd||ALTER TABLE pnd DETACH PARTITION pnd1
2.4|txn|-||ALTER TABLE pnd DETACH PARTITION pnd1 CONCURRENTLY
2.4b|bg|p||ALTER TABLE p DETACH PARTITION p1 CONCURRENTLY
2.5|bg|pnd||ALTER TABLE pnd DETACH PARTITION pnd1 CONCURRENTLY
2.5b|bg|pnd1||ALTER TABLE pnd DETACH PARTITION pnd1 CONCURRENTLY
2.5c|bg|LOCK TABLE pnd IN SHARE UPDATE EXCLUSIVE MODE||ALTER TABLE pnd DETACH PARTITION pnd1 CONCURRENTLY
2.5d|bg|INSERT INTO pnd VALUES (5, 'blk')||ALTER TABLE pnd DETACH PARTITION pnd1 CONCURRENTLY
2.5f|bg|SET TRANSACTION ISOLATION LEVEL REPEATABLE READ; SELECT * FROM ref||ALTER TABLE pnd DETACH PARTITION pnd1 CONCURRENTLY
2.5e|plain|-||ALTER TABLE pnd DETACH PARTITION pnd1 CONCURRENTLY
2.6|txn|pnd|@pending_pnd1|ALTER TABLE pnd DETACH PARTITION pnd1 FINALIZE
2.6b|bg|pnd1|@pending_pnd1|ALTER TABLE pnd DETACH PARTITION pnd1 FINALIZE
2.6c|txn|-|@pending_pnd1|ALTER TABLE pnd DETACH PARTITION pnd1
2.6d|txn|-|@pending_pnd1|INSERT INTO pnd VALUES (5, 'x')
## 3 REINDEX
3.1|txn|t||REINDEX INDEX t_c_idx
3.2|txn|t||REINDEX TABLE t
3.3|txn|-||REINDEX SCHEMA s
3.4|bg|s.st||REINDEX SCHEMA s
3.5|txn|-||REINDEX INDEX CONCURRENTLY t_c_idx
3.6|bg|t||REINDEX INDEX CONCURRENTLY t_c_idx
3.6b|bg|INSERT INTO t (c, n) VALUES ('blk', 1)||REINDEX INDEX CONCURRENTLY t_c_idx
3.6c|bg|LOCK TABLE t IN SHARE UPDATE EXCLUSIVE MODE||REINDEX INDEX CONCURRENTLY t_c_idx
3.6d|bg|SET TRANSACTION ISOLATION LEVEL REPEATABLE READ; SELECT * FROM ref||REINDEX INDEX CONCURRENTLY t_c_idx
3.7|bg|t||REINDEX TABLE CONCURRENTLY t
3.7b|bg|INSERT INTO t (c, n) VALUES ('blk', 1)||REINDEX TABLE CONCURRENTLY t
3.8|txn|-||REINDEX TABLE p
3.8b|bg|p||REINDEX TABLE p
3.9|txn|-||REINDEX INDEX p_id_idx
## 4 REFRESH / CLUSTER / VACUUM / ANALYZE
4.1|txn|REFRESH MATERIALIZED VIEW mv||REFRESH MATERIALIZED VIEW mv
4.1b|txn|t||REFRESH MATERIALIZED VIEW mv
4.2|txn|REFRESH MATERIALIZED VIEW mv||REFRESH MATERIALIZED VIEW CONCURRENTLY mv
4.3|txn|-||REFRESH MATERIALIZED VIEW CONCURRENTLY mv_nouniq
4.4|txn|t||CLUSTER t USING t_pkey
4.4b|txn|-||CLUSTER
4.5|txn|-||VACUUM FULL t
4.6|bg|t||VACUUM FULL t
4.7|txn|-||VACUUM t
4.8|bg|t||VACUUM t
4.8b|bg|LOCK TABLE t IN SHARE UPDATE EXCLUSIVE MODE||VACUUM t
4.8c|bg|LOCK TABLE t IN SHARE UPDATE EXCLUSIVE MODE||VACUUM (SKIP_LOCKED) t
4.8d|bg|LOCK TABLE t IN SHARE UPDATE EXCLUSIVE MODE||VACUUM ANALYZE t
4.8e|bg|SET TRANSACTION ISOLATION LEVEL REPEATABLE READ; SELECT * FROM ref||VACUUM FULL t
4.9|txn|t||ANALYZE t
4.9b|txn|p||ANALYZE p
## 5 LOCK TABLE
5.1|txn|t||LOCK TABLE t IN ACCESS SHARE MODE
5.1b|txn|t||LOCK TABLE t IN ROW SHARE MODE
5.2|txn|t||LOCK TABLE t IN ROW EXCLUSIVE MODE
5.2b|txn|t||LOCK TABLE t IN SHARE UPDATE EXCLUSIVE MODE
5.3|txn|t||LOCK TABLE t IN SHARE MODE
5.3b|txn|t||LOCK TABLE t IN SHARE ROW EXCLUSIVE MODE
5.3c|txn|t||LOCK TABLE t IN EXCLUSIVE MODE
5.4|txn|t||LOCK TABLE t IN ACCESS EXCLUSIVE MODE
5.4b|txn|t||LOCK TABLE t
5.5|txn|t||LOCK TABLE v IN ACCESS SHARE MODE
5.5b|txn|t||LOCK TABLE v
5.5c|txn|t||LOCK TABLE v_of_v IN ACCESS SHARE MODE
5.5d|txn|t||LOCK TABLE ONLY v IN ACCESS SHARE MODE
5.6|txn|p1||LOCK TABLE p IN ACCESS SHARE MODE
5.6b|txn|p1||LOCK TABLE ONLY p IN ACCESS SHARE MODE
5.7|txn|inh_child||LOCK TABLE inh_parent IN ACCESS SHARE MODE
5.7b|txn|inh_child||LOCK TABLE ONLY inh_parent IN ACCESS SHARE MODE
5.8|txn|-||LOCK TABLE mv IN ACCESS SHARE MODE
5.9|txn|-||LOCK TABLE sq IN ACCESS SHARE MODE
## 6 ALTER TABLE subcommands
6.1|txn|t||ALTER TABLE t OWNER TO ddl_r
6.2|txn|t||ALTER TABLE t SET TABLESPACE pg_default
6.3|txn|t||ALTER TABLE t SET UNLOGGED
6.3b|txn|t||ALTER TABLE t SET LOGGED
6.3c|txn|ut||ALTER TABLE ut SET LOGGED
6.4|txn|t||ALTER TABLE t ENABLE TRIGGER trg
6.4b|txn|t||ALTER TABLE t DISABLE TRIGGER trg
6.4c|txn|t||ALTER TABLE t DISABLE TRIGGER ALL
6.4d|txn|fkt||ALTER TABLE fkt DISABLE TRIGGER ALL
6.4e|txn|ref||ALTER TABLE ref DISABLE TRIGGER ALL
6.4f|txn|t||ALTER TABLE t DISABLE TRIGGER USER
6.5|txn|rt||ALTER TABLE rt DISABLE RULE rt_r
6.5b|txn|rt||ALTER TABLE rt ENABLE RULE rt_r
6.6|txn|t||ALTER TABLE t ENABLE ROW LEVEL SECURITY
6.6b|txn|t||ALTER TABLE t DISABLE ROW LEVEL SECURITY
6.6c|txn|t||ALTER TABLE t FORCE ROW LEVEL SECURITY
6.6d|txn|t||ALTER TABLE t NO FORCE ROW LEVEL SECURITY
6.7|txn|t||ALTER TABLE t VALIDATE CONSTRAINT t_n_check
6.7b|txn|ref||ALTER TABLE fkt VALIDATE CONSTRAINT fkt_ref_fk
6.8|txn|t||ALTER TABLE t RENAME CONSTRAINT t_n_check TO t_n_check2
6.8b|txn|t||ALTER TABLE t RENAME CONSTRAINT t_pkey TO t_pkey2
6.9|txn|ref||ALTER TABLE fkt ALTER CONSTRAINT fkt_ref2_fk DEFERRABLE
6.9b|txn|fkt||ALTER TABLE fkt ALTER CONSTRAINT fkt_ref2_fk DEFERRABLE
6.10|txn|t||ALTER TABLE t SET (fillfactor = 70)
6.10b|txn|t||ALTER TABLE t SET (autovacuum_enabled = false)
6.10c|txn|t||ALTER TABLE t RESET (fillfactor)
6.10d|txn|t||ALTER TABLE t SET (toast.autovacuum_enabled = false)
6.10e|txn|t||ALTER TABLE t SET (fillfactor = 70, autovacuum_enabled = false)
6.11|txn|t||ALTER TABLE t REPLICA IDENTITY FULL
6.11b|txn|t||ALTER TABLE t REPLICA IDENTITY USING INDEX t_pkey
6.12|txn|t||ALTER TABLE t CLUSTER ON t_pkey
6.12b|txn|t||ALTER TABLE t SET WITHOUT CLUSTER
6.13|txn|inh_parent||ALTER TABLE orphan INHERIT inh_parent
6.13b|txn|inh_parent||ALTER TABLE inh_child NO INHERIT inh_parent
6.14|txn|t||ALTER TABLE t ALTER COLUMN n SET STATISTICS 100
6.14b|txn|t||ALTER TABLE t ALTER COLUMN c SET STORAGE EXTERNAL
6.14c|txn|t||ALTER TABLE t ALTER COLUMN n SET (n_distinct = 10)
6.15|txn|ref||ALTER TABLE t ADD COLUMN ref_id int REFERENCES ref
6.15b|txn|ref||ALTER TABLE child_fk ADD CONSTRAINT child_fk_ref_fk FOREIGN KEY (ref_id) REFERENCES ref(id)
6.15c|txn|ref||ALTER TABLE child_fk ADD CONSTRAINT child_fk_ref_fk FOREIGN KEY (ref_id) REFERENCES ref(id) NOT VALID
6.16|txn|t||ALTER TABLE t ADD COLUMN x int
6.17|txn|t||ALTER TABLE t RENAME COLUMN c TO c2
## 7 ALTER VIEW / INDEX / SEQUENCE / MATVIEW / TABLE rename & schema
7.1|txn|v||ALTER VIEW v RENAME TO v2
7.2|txn|v||ALTER VIEW v SET SCHEMA s
7.3|txn|v||ALTER VIEW v OWNER TO ddl_r
7.4|txn|v||ALTER VIEW v SET (security_barrier = true)
7.5|txn|v||ALTER VIEW v ALTER COLUMN id SET DEFAULT 1
7.5b|txn|v||ALTER VIEW v RENAME COLUMN c TO c2
7.6|txn|REINDEX INDEX t_c_idx||ALTER INDEX t_c_idx RENAME TO t_c_idx2
7.6b|txn|SELECT * FROM t||ALTER INDEX t_c_idx RENAME TO t_c_idx2
7.7|txn|REINDEX INDEX t_c_idx||ALTER INDEX t_c_idx SET (fillfactor = 70)
7.8|txn|REINDEX INDEX t_c_idx||ALTER INDEX t_c_idx SET TABLESPACE pg_default
7.8b|txn|SELECT * FROM t||ALTER INDEX t_c_idx SET TABLESPACE pg_default
7.9|txn|p1||ALTER INDEX p_v_idx ATTACH PARTITION p1_v_idx
7.10|txn|ALTER SEQUENCE sq OWNER TO ddl_r||ALTER SEQUENCE sq RENAME TO sq2
7.11|txn|ALTER SEQUENCE sq OWNER TO ddl_r||ALTER SEQUENCE sq RESTART
7.11b|txn|ALTER SEQUENCE sq OWNER TO ddl_r||ALTER SEQUENCE sq INCREMENT BY 2
7.12|txn|t||ALTER SEQUENCE sq OWNED BY t.n
7.13|txn|ALTER SEQUENCE sq RESTART||ALTER SEQUENCE sq OWNER TO ddl_r
7.13b|txn|-||ALTER SEQUENCE t_id_seq OWNER TO ddl_r
7.14|txn|REFRESH MATERIALIZED VIEW mv||ALTER MATERIALIZED VIEW mv RENAME TO mv2
7.15|txn|REFRESH MATERIALIZED VIEW mv||ALTER MATERIALIZED VIEW mv SET SCHEMA s
7.16|txn|t||ALTER TABLE t RENAME TO t2
7.17|txn|t||ALTER TABLE t SET SCHEMA s
## 8 views
8.1|txn|v||CREATE OR REPLACE VIEW v AS SELECT id, c FROM t
8.2|txn|v||CREATE OR REPLACE VIEW v AS SELECT id, c, n FROM t
8.3|txn|pz||CREATE OR REPLACE VIEW v AS SELECT id, v AS c FROM pz
8.4|txn|t||CREATE VIEW vnew AS SELECT * FROM t
8.5|txn|t||CREATE MATERIALIZED VIEW mvnew AS SELECT * FROM t
8.6|txn|t||CREATE MATERIALIZED VIEW mvnew AS SELECT * FROM t WITH NO DATA
## 9 triggers / policies / rules
9.1|txn|t||CREATE TRIGGER trg2 BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION trgf()
9.1b|txn|t||CREATE OR REPLACE TRIGGER trg BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION trgf()
9.1c|txn|p1||CREATE TRIGGER ptrg BEFORE UPDATE ON p FOR EACH ROW EXECUTE FUNCTION trgf()
9.2|txn|v||CREATE TRIGGER vtrg INSTEAD OF INSERT ON v FOR EACH ROW EXECUTE FUNCTION trgf()
9.3|txn|t||DROP TRIGGER trg ON t
9.4|txn|t||ALTER TRIGGER trg ON t RENAME TO trg_x
9.5|txn|t||CREATE POLICY t_pol2 ON t USING (n > 0)
9.5b|txn|ref||CREATE POLICY t_pol3 ON t USING (id IN (SELECT id FROM ref))
9.6|txn|t||DROP POLICY t_pol ON t
9.7|txn|t||ALTER POLICY t_pol ON t USING (n > 1)
9.7b|txn|t||ALTER POLICY t_pol ON t RENAME TO t_pol_x
9.8|txn|rt||CREATE RULE rt_r2 AS ON INSERT TO rt DO INSTEAD NOTHING
9.9|txn|rt||DROP RULE rt_r ON rt
9.10|txn|rt||ALTER RULE rt_r ON rt RENAME TO rt_r_x
9.11|txn|rt||CREATE OR REPLACE RULE rt_r AS ON DELETE TO rt DO INSTEAD NOTHING
## 10 DROP TYPE/DOMAIN/FUNCTION CASCADE, ALTER TYPE, COMMENT
10.1|txn|tyuse||DROP TYPE ty CASCADE
10.1b|txn|euse||DROP TYPE e CASCADE
10.2|txn|duse||DROP DOMAIN d CASCADE
10.3|txn|t||DROP FUNCTION trgf() CASCADE
10.4|txn|fu_def||DROP FUNCTION fdef() CASCADE
10.5|txn|fu_chk||DROP FUNCTION fchk(int) CASCADE
10.6|txn|fu_v||DROP FUNCTION fview() CASCADE
10.6b|txn|-||DROP FUNCTION fview()
10.7|txn|ALTER TYPE e ADD VALUE 'blk'||ALTER TYPE e ADD VALUE 'c'
10.7b|txn|-||ALTER TYPE e ADD VALUE 'c'; SELECT 'c'::e
10.7c|txn|ALTER TYPE e ADD VALUE 'blk'||ALTER TYPE e RENAME VALUE 'a' TO 'a2'
10.8|txn|ALTER TYPE ty ADD ATTRIBUTE zz int||ALTER TYPE ty ADD ATTRIBUTE c int
10.8b|txn|ALTER TYPE ty ADD ATTRIBUTE zz int||ALTER TYPE ty ADD ATTRIBUTE c int CASCADE
10.8c|txn|-||ALTER TYPE ty2 ADD ATTRIBUTE c int
10.9|txn|ALTER TYPE ty ADD ATTRIBUTE zz int||ALTER TYPE ty RENAME TO ty_x
10.9b|txn|duse||ALTER DOMAIN d ADD CONSTRAINT d_max CHECK (VALUE < 1000)
10.9c|txn|ALTER DOMAIN d ADD CONSTRAINT d_blk CHECK (VALUE < 5000) NOT VALID||ALTER DOMAIN d ADD CONSTRAINT d_max CHECK (VALUE < 1000) NOT VALID
10.10|txn|t||COMMENT ON TABLE t IS 'x'
10.11|txn|t||COMMENT ON COLUMN t.c IS 'x'
10.12|txn|REINDEX INDEX t_c_idx||COMMENT ON INDEX t_c_idx IS 'x'
10.12b|txn|SELECT * FROM t||COMMENT ON INDEX t_c_idx IS 'x'
10.13|txn|t||COMMENT ON CONSTRAINT t_n_check ON t IS 'x'
10.14|txn|v||COMMENT ON VIEW v IS 'x'
10.15|txn|COMMENT ON SCHEMA s IS 'blocker'||COMMENT ON SCHEMA s IS 'x'
10.16|txn|COMMENT ON FUNCTION f(int) IS 'blocker'||COMMENT ON FUNCTION f(int) IS 'x'
10.16b|txn|-||COMMENT ON FUNCTION f(int) IS 'x'; SELECT f(1)
## 11 CREATE INDEX / SEQUENCE / SCHEMA / TYPE / FUNCTION / EXTENSION, GRANT
11.1|txn|t||CREATE INDEX t_n_idx ON t(n)
11.1b|txn|p1||CREATE INDEX p_n2_idx ON p(v, id)
11.2|txn|-||CREATE INDEX CONCURRENTLY t_n_idx ON t(n)
11.3|bg|t||CREATE INDEX CONCURRENTLY t_n_idx ON t(n)
11.3b|bg|INSERT INTO t (c, n) VALUES ('blk', 1)||CREATE INDEX CONCURRENTLY t_n_idx ON t(n)
11.3c|bg|LOCK TABLE t IN SHARE UPDATE EXCLUSIVE MODE||CREATE INDEX CONCURRENTLY t_n_idx ON t(n)
11.3f|bg|SET TRANSACTION ISOLATION LEVEL REPEATABLE READ; SELECT * FROM ref||CREATE INDEX CONCURRENTLY t_n_idx ON t(n)
11.3d|plain|-|CREATE INDEX CONCURRENTLY t_n_idx ON t(n)|DROP INDEX CONCURRENTLY t_n_idx
11.3e|bg|t|CREATE INDEX t_n_idx ON t(n)|DROP INDEX CONCURRENTLY t_n_idx
11.4|txn|-||CREATE SEQUENCE sqnew
11.5|txn|t||CREATE SEQUENCE sqown OWNED BY t.n
11.6|txn|-||CREATE SCHEMA snew
11.7|txn|-||CREATE TYPE tynew AS (a int)
11.7b|txn|DROP SCHEMA public CASCADE||CREATE TYPE enew AS ENUM ('x')
11.8|txn|DROP SCHEMA public CASCADE||CREATE FUNCTION fnew() RETURNS int LANGUAGE sql AS 'select 1'
11.8b|txn|CREATE OR REPLACE FUNCTION f(int) RETURNS int LANGUAGE sql AS 'select $1 + 2'||CREATE OR REPLACE FUNCTION f(int) RETURNS int LANGUAGE sql AS 'select $1 + 1'
11.9|txn|-||CREATE EXTENSION hstore
11.10|txn|t||GRANT SELECT ON t TO ddl_r
11.10b|txn|GRANT UPDATE ON t TO ddl_r||GRANT SELECT ON t TO ddl_r
11.11|txn|t||REVOKE INSERT ON t FROM ddl_r
11.11b|txn|t||GRANT SELECT (c) ON t TO ddl_r
11.12|txn|-||ALTER DEFAULT PRIVILEGES IN SCHEMA s GRANT SELECT ON TABLES TO ddl_r
11.13|txn|s.st||GRANT SELECT ON ALL TABLES IN SCHEMA s TO ddl_r
## 12 DO blocks
12.1|txn|t||ALTER TABLE t ADD COLUMN x int
12.2|txn|t||DO $$ BEGIN ALTER TABLE t ADD COLUMN x int; END $$
12.3|txn|t||DO $$ BEGIN EXECUTE 'ALTER TABLE t ADD COLUMN x int'; END $$
12.4|txn|t||DO $$ BEGIN EXECUTE format('ALTER TABLE %I OWNER TO ddl_r', 't'); END $$
## C contention (session B autocommit, SET lock_timeout = '1s'; A holds the lock in an open transaction)
C1|cont|t||ALTER TABLE t OWNER TO ddl_r
C2|cont|t||REFRESH MATERIALIZED VIEW mv
C2b|cont|mv||REFRESH MATERIALIZED VIEW mv
C2c|cont|mv||REFRESH MATERIALIZED VIEW CONCURRENTLY mv
C3|cont|t||COMMENT ON TABLE t IS 'x'
C4|cont|INSERT INTO t (c, n) VALUES ('blk', 1)||ALTER TABLE t OWNER TO ddl_r
C5|cont|INSERT INTO t (c, n) VALUES ('blk', 1)||REFRESH MATERIALIZED VIEW mv
C6|cont|INSERT INTO t (c, n) VALUES ('blk', 1)||COMMENT ON TABLE t IS 'x'
C7|cont|COMMENT ON TABLE t IS 'blocker'||COMMENT ON TABLE t IS 'x'
C8|cont|GRANT UPDATE ON t TO ddl_r||GRANT SELECT ON t TO ddl_r
C9|cont|CREATE OR REPLACE FUNCTION f(int) RETURNS int LANGUAGE sql AS 'select $1 + 2'||CREATE OR REPLACE FUNCTION f(int) RETURNS int LANGUAGE sql AS 'select $1 + 1'
C10|cont|SELECT * FROM t||ALTER INDEX t_c_idx RENAME TO t_c_idx2
TESTS

while IFS='|' read -r -u 3 id mode blk pre stmt; do
  case "$id" in ''|'#'*) continue ;; '##'*) echo; echo "$id"; continue ;; esac
  [[ "$id" =~ $ONLY ]] || continue
  db="f_${id//./_}"
  echo
  echo "=== [$id] ($mode) $stmt"
  newdb "$db"
  pre_setup "$db" "$pre"
  case "$mode" in
    txn)
      run_txn "$db" "$stmt"
      [ "$blk" != "-" ] && run_txn_timeout "$db" "$(blocker_sql txn "$blk")" "$stmt"
      ;;
    bg)   run_bg "$db" "$(blocker_sql bg "$blk")" "$stmt" 2s 1 3.5 ;;
    cont) run_bg "$db" "$(blocker_sql bg "$blk")" "$stmt" 1s 0.5 2 ;;
    plain) run_plain "$db" "$stmt" ;;
  esac
  dropdb_ "$db"
done 3<"$W/tests"
echo
echo "# done $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
