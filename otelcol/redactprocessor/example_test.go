package redactprocessor_test

import (
	"context"
	"fmt"

	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/processor/processortest"

	"github.com/kyckit/kyckit/otelcol/redactprocessor"
)

func ExampleNewFactory() {
	f := redactprocessor.NewFactory()
	cfg := f.CreateDefaultConfig().(*redactprocessor.Config)
	cfg.Modes = map[string]string{"aadhaar": "partial"}

	sink := new(consumertest.LogsSink)
	p, err := f.CreateLogs(context.Background(), processortest.NewNopSettings(f.Type()), cfg, sink)
	if err != nil {
		panic(err)
	}

	ld := plog.NewLogs()
	lr := ld.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty().LogRecords().AppendEmpty()
	lr.Body().SetStr("kyc ok uid=2341 2341 2346 mobile=+91 98765 43210 order=ORD-2341-2341-2346")
	lr.Attributes().PutStr("name", "Ravi Kumar")
	lr.Attributes().PutStr("mail", "ravi.kumar@example.in")
	if err := p.ConsumeLogs(context.Background(), ld); err != nil {
		panic(err)
	}

	out := sink.AllLogs()[0].ResourceLogs().At(0).ScopeLogs().At(0).LogRecords().At(0)
	fmt.Println(out.Body().Str())
	fmt.Println(out.Attributes().AsRaw())
	// Output:
	// kyc ok uid=XXXX XXXX 2346 mobile=[MOBILE] order=ORD-2341-2341-2346
	// map[mail:[EMAIL] name:[REDACTED]]
}
