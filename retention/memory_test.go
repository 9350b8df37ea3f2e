package retention_test

import (
	"testing"

	"github.com/kyckit/kyckit/retention"
	"github.com/kyckit/kyckit/retention/retentiontest"
)

func TestMemoryStoreConformance(t *testing.T) {
	retentiontest.Run(t, func(t *testing.T) retention.Store { return retention.NewMemoryStore() })
}
