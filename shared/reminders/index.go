package reminders

import (
	"hash/fnv"
	"strconv"
)

// IndexShards is how many partitions each date of the date index is split into. Writers
// (IndexKeys) and the reader (Service.Run) share this one constant; changing it needs the index
// rewritten.
//
// Why shard: without it every appointment of one date lands in one GSI partition, whose writes
// are capped at 1,000 WCU/s; a bulk import of jobs for a busy date across all organisations
// would throttle the GSI and, through it, the jobs table. Four shards lift that ceiling
// fourfold for the cost of IndexShards × len(IndexDates) (at most 12) small Queries every 15
// minutes, which is negligible. More shards buy little: reads per run are already cheap.
const IndexShards = 4

// IndexKeys returns the appointment's date-index keys: GSI1PK "APPT#<date>#<shard>", shard =
// FNV-1a(org, job) mod IndexShards, and GSI1SK "ORG#<org>#JOB#<id>".
func IndexKeys(a Appointment) (gsiPK, gsiSK string) {
	return IndexPK(a.Date, Shard(a.OrgID, a.JobID)), "ORG#" + a.OrgID + "#JOB#" + strconv.FormatInt(a.JobID, 10)
}

// IndexPK returns the date-index partition key of one date and shard.
func IndexPK(date string, shard int) string {
	return "APPT#" + date + "#" + strconv.Itoa(shard)
}

// Shard returns the date-index shard of a job: stable, so a job stays in one shard.
func Shard(orgID string, jobID int64) int {
	h := fnv.New32a()
	h.Write([]byte(orgID))
	h.Write([]byte{0})
	h.Write([]byte(strconv.FormatInt(jobID, 10)))
	return int(h.Sum32() % IndexShards)
}
