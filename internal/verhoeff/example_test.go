package verhoeff_test

import (
	"fmt"

	"github.com/kyckit/kyckit/internal/verhoeff"
)

// Wikipedia's worked example: 236 takes the check digit 3.
func ExampleCompute() {
	c, err := verhoeff.Compute("236")
	fmt.Println(string(c), err)
	// Output: 3 <nil>
}

func ExampleValid() {
	fmt.Println(verhoeff.Valid("2363"), verhoeff.Valid("2364"))
	// Output: true false
}
