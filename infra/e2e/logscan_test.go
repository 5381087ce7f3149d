//go:build e2e

package e2e

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"

	"github.com/proplink/chat/shared/messaging"
)

// watched is every secret and phone number the e2e run used, which no log line may carry: the
// provider token, app secret and verify token, each API token minted, and each phone number
// (in its E.164 digits, which also catches a WhatsApp id; a masked number keeps only the ends).
var watched struct {
	sync.Mutex
	values map[string]string // value → what it is
}

// watch adds a value the logs must never carry.
func watch(kind, value string) {
	if value = strings.TrimPrefix(value, "+"); len(value) < 6 {
		return
	}
	watched.Lock()
	defer watched.Unlock()
	if watched.values == nil {
		watched.values = map[string]string{}
	}
	watched.values[value] = kind
}

// scanLogs reads every line the run's functions, runner and simulator logged and reports each
// line that carries a watched value; it returns how many it found.
func scanLogs(path string, w io.Writer) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	watched.Lock()
	defer watched.Unlock()
	found, lines := 0, 0
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 4<<20)
	for sc.Scan() {
		lines++
		// The contract's own error text names an example number, which is also the demo resident's.
		line := strings.ReplaceAll(sc.Text(), messaging.MsgInvalidPhone, "")
		for v, kind := range watched.values {
			if strings.Contains(line, v) {
				found++
				if found <= 20 {
					fmt.Fprintf(w, "e2e: log line %d carries a %s: %.300s\n", lines, kind, line)
				}
			}
		}
	}
	if err := sc.Err(); err != nil {
		return found, err
	}
	fmt.Fprintf(w, "e2e: log scan: %d lines, %d watched values, %d found\n", lines, len(watched.values), found)
	return found, nil
}
