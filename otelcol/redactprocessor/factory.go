package redactprocessor

import (
	"context"
	"fmt"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/pipeline"
	"go.opentelemetry.io/collector/processor"
	"go.opentelemetry.io/collector/processor/processorhelper"
)

// Type is the processor's name in the collector's configuration.
const Type = "kyckitredact"

const stability = component.StabilityLevelAlpha

// NewFactory returns the factory the collector builder registers.
func NewFactory() processor.Factory {
	return processor.NewFactory(
		component.MustNewType(Type),
		func() component.Config { return createDefaultConfig() },
		processor.WithLogs(createLogs, stability),
		processor.WithTraces(createTraces, stability),
		processor.WithMetrics(createMetrics, stability),
	)
}

// mutates tells the pipeline that the processor changes data in place, so
// that a fan-out gives it its own copy.
var mutates = processorhelper.WithCapabilities(consumer.Capabilities{MutatesData: true})

func newProcessor(set processor.Settings, cfg component.Config, signal pipeline.Signal) (*redactProcessor, error) {
	c, ok := cfg.(*Config)
	if !ok {
		return nil, fmt.Errorf("%w: config of type %T", ErrConfig, cfg)
	}
	r, err := c.newRedactor()
	if err != nil {
		return nil, err
	}
	return newRedactProcessor(r, c.MaxLine, set, signal)
}

func createLogs(ctx context.Context, set processor.Settings, cfg component.Config, next consumer.Logs) (processor.Logs, error) {
	p, err := newProcessor(set, cfg, pipeline.SignalLogs)
	if err != nil {
		return nil, err
	}
	return processorhelper.NewLogs(ctx, set, cfg, next, p.processLogs, mutates)
}

func createTraces(ctx context.Context, set processor.Settings, cfg component.Config, next consumer.Traces) (processor.Traces, error) {
	p, err := newProcessor(set, cfg, pipeline.SignalTraces)
	if err != nil {
		return nil, err
	}
	return processorhelper.NewTraces(ctx, set, cfg, next, p.processTraces, mutates)
}

func createMetrics(ctx context.Context, set processor.Settings, cfg component.Config, next consumer.Metrics) (processor.Metrics, error) {
	p, err := newProcessor(set, cfg, pipeline.SignalMetrics)
	if err != nil {
		return nil, err
	}
	return processorhelper.NewMetrics(ctx, set, cfg, next, p.processMetrics, mutates)
}
