package libphonenumber_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/proplink/chat/shared/phone"
)

// firstParseEnv makes the test binary time its first and second phone.Parse and exit: a fresh
// process is the only way to see the metadata load again.
const firstParseEnv = "LIBPHONENUMBER_TIME_FIRST_PARSE"

func TestMain(m *testing.M) {
	if os.Getenv(firstParseEnv) == "1" {
		start := time.Now()
		_, err1 := phone.Parse("+447700900123")
		first := time.Since(start)
		start = time.Now()
		_, err2 := phone.Parse("+12025550123")
		second := time.Since(start)
		if err1 != nil || err2 != nil {
			fmt.Fprintln(os.Stderr, err1, err2)
			os.Exit(1)
		}
		fmt.Println(first.Nanoseconds(), second.Nanoseconds())
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestCopyIsTheReleaseWithThePatch holds third_party/phonenumbers/ to what its name says: the release of
// nyaruka/phonenumbers that go.mod requires, downloaded from the module proxy and checked
// against the checksum database, with phonenumbers.patch applied and nothing else.
func TestCopyIsTheReleaseWithThePatch(t *testing.T) {
	out := filepath.Join(t.TempDir(), "phonenumbers")
	cmd := exec.Command("bash", "phonenumbers.sh", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("phonenumbers.sh: %v\n%s", err, b)
	}
	want, got := tree(t, out), tree(t, filepath.Join("third_party", "phonenumbers"))
	for name, content := range want {
		switch g, ok := got[name]; {
		case !ok:
			t.Errorf("third_party/phonenumbers/%s is missing: run shared/phone/libphonenumber/phonenumbers.sh", name)
		case !bytes.Equal(g, content):
			t.Errorf("third_party/phonenumbers/%s differs from the release with the patch: edit the copy, then run phonenumbers.sh diff", name)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("third_party/phonenumbers/%s is neither in the release nor in the patch", name)
		}
	}
}

func tree(t *testing.T, root string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		rel, _ := filepath.Rel(root, path)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("%s holds no files", root)
	}
	return files
}

var phonenumbersInit = regexp.MustCompile(`(?m)^init github\.com/nyaruka/phonenumbers @[^,]+, [^,]+, (\d+) bytes`)

// TestMetadataLoadsOnFirstUse reads what the library's package init allocates in a fresh
// process (GODEBUG=inittrace=1): the release's init loads all the metadata, 2.5 MB; the
// patched one only compiles its regular expressions, under 0.3 MB.
func TestMetadataLoadsOnFirstUse(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	m := phonenumbersInit.FindSubmatch(out)
	if m == nil {
		t.Fatalf("no init line for github.com/nyaruka/phonenumbers in:\n%s", out)
	}
	allocated, _ := strconv.Atoi(string(m[1]))
	const limit = 512 << 10
	if allocated > limit {
		t.Errorf("the library's init allocates %d bytes, want under %d: is the metadata loaded at init again?", allocated, limit)
	}
}

// BenchmarkFirstParse reports what the metadata load costs the first number a process checks
// (first-ms), against a later one (next-µs): the median over b.N fresh processes.
func BenchmarkFirstParse(b *testing.B) {
	var firsts, nexts []time.Duration
	for i := 0; i < b.N; i++ {
		cmd := exec.Command(os.Args[0])
		cmd.Env = append(os.Environ(), firstParseEnv+"=1")
		out, err := cmd.Output()
		if err != nil {
			b.Fatalf("%v: %s", err, out)
		}
		var first, next int64
		if _, err := fmt.Sscan(string(out), &first, &next); err != nil {
			b.Fatalf("%v: %q", err, out)
		}
		firsts, nexts = append(firsts, time.Duration(first)), append(nexts, time.Duration(next))
	}
	slices.Sort(firsts)
	slices.Sort(nexts)
	b.ReportMetric(float64(firsts[len(firsts)/2].Microseconds())/1000, "first-ms")
	b.ReportMetric(float64(nexts[len(nexts)/2].Nanoseconds())/1000, "next-µs")
}
