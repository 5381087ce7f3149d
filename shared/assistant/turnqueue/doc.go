// Package turnqueue carries assistant turns over AssistantQueue: the inbound function puts each
// person's message on it as an assistant.Turn (Message), and the assistant function's SQS
// handler (Handler) decodes each one and hands it to the engine, unless staff have taken the
// conversation over, classifying failures into retry and drop.
package turnqueue
