package nlu

import "testing"

// BenchmarkParse measures one message, averaged over the tuning corpus (Parse or Fill as each
// line asks), against the test vocabulary.
func BenchmarkParse(b *testing.B) {
	v := mustVocabulary(b)
	lines := mustCorpusTB(b, "testdata/corpus-tuning.jsonl")
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		l := lines[i%len(lines)]
		if l.Fill != "" {
			Fill(l.Text, l.Fill, l.Role, v, corpusNow)
		} else {
			Parse(l.Text, l.Role, v, corpusNow)
		}
		i++
	}
}
