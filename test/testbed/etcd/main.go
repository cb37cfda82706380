// etcd's own entry point (go.etcd.io/etcd/server/v3/main.go), built by test/testbed/install.mjs.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
