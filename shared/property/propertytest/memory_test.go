package propertytest

import "testing"

func TestMemoryConforms(t *testing.T) {
	Run(t, func(t *testing.T) Subject {
		m := NewMemory()
		return Subject{Platform: m, Seed: m}
	})
}
