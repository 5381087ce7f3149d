package local

import (
	"bytes"
	"io"
	"sync"
	"time"
)

// nowFunc is the clock; tests replace it.
var nowFunc = time.Now

// logSink serialises whole lines from many processes onto one writer.
type logSink struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *logSink) line(prefix, text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, _ = io.WriteString(s.w, prefix+text+"\n")
}

// lineWriter is an io.Writer that forwards complete lines to a sink with a prefix.
type lineWriter struct {
	sink   *logSink
	prefix string
	mu     sync.Mutex
	buf    []byte
}

func (w *lineWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf = append(w.buf, p...)
	for {
		i := bytes.IndexByte(w.buf, '\n')
		if i < 0 {
			break
		}
		w.sink.line(w.prefix, string(bytes.TrimRight(w.buf[:i], "\r")))
		w.buf = w.buf[i+1:]
	}
	return len(p), nil
}

// flush writes a trailing partial line.
func (w *lineWriter) flush() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.buf) > 0 {
		w.sink.line(w.prefix, string(w.buf))
		w.buf = nil
	}
}
