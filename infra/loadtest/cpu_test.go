//go:build e2e

package loadtest

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// clockTicks is the kernel's USER_HZ, the unit of /proc/<pid>/stat's CPU times (100 on Linux).
const clockTicks = 100

// cpuByRole sums the user+system CPU seconds of this process and every descendant, keyed by
// role: "moto", "elasticmq", a function's logical id (its bootstrap's folder), or "runner" (this process: the
// HTTP API, pollers, counting proxy, simulator and load generator).
func cpuByRole() map[string]float64 {
	self := os.Getpid()
	type proc struct {
		ppid int
		cpu  float64
	}
	procs := map[int]proc{}
	dirs, _ := os.ReadDir("/proc")
	for _, d := range dirs {
		pid, err := strconv.Atoi(d.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", d.Name(), "stat"))
		if err != nil {
			continue
		}
		// Fields after the parenthesised command: state ppid ... utime(14) stime(15).
		rest := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
		if len(rest) < 13 {
			continue
		}
		ppid, _ := strconv.Atoi(rest[1])
		ut, _ := strconv.ParseFloat(rest[11], 64)
		st, _ := strconv.ParseFloat(rest[12], 64)
		procs[pid] = proc{ppid: ppid, cpu: (ut + st) / clockTicks}
	}
	mine := func(pid int) bool {
		for hops := 0; pid > 1 && hops < 16; hops++ {
			if pid == self {
				return true
			}
			pid = procs[pid].ppid
		}
		return false
	}
	out := map[string]float64{}
	for pid, p := range procs {
		if !mine(pid) {
			continue
		}
		out[role(pid, self)] += p.cpu
	}
	return out
}

func role(pid, self int) string {
	if pid == self {
		return "runner"
	}
	cmd, _ := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "cmdline"))
	args := strings.Split(string(cmd), "\x00")
	switch {
	case strings.HasSuffix(args[0], "/bootstrap"):
		return filepath.Base(filepath.Dir(args[0]))
	case strings.Contains(string(cmd), "python") || strings.Contains(string(cmd), "moto"):
		return "moto"
	case strings.Contains(string(cmd), "org.elasticmq.server.Main"):
		return "elasticmq"
	}
	return "other"
}
