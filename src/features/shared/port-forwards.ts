// The port-forward manager of the current kube target: one PortForwardManager for the kube client
// in use, replaced (and the old forwards closed) when the client changes. No vscode here, so the
// integration tests share it with the extension.
import type { KubeClient } from '../../kube/client';
import { PortForwardManager } from '../../kube/port-forward';

export class PortForwards {
  private current: { kube: KubeClient; manager: PortForwardManager } | undefined;

  constructor(private readonly log?: (m: string) => void) {}

  /** The manager for `kube`; a different client closes the forwards of the previous one. */
  for(kube: KubeClient): PortForwardManager {
    if (this.current?.kube !== kube) {
      this.current?.manager.dispose();
      this.current = { kube, manager: new PortForwardManager(kube, { log: this.log }) };
    }
    return this.current.manager;
  }

  /** Close every forward (context switched, extension stopping). */
  reset(): void {
    this.current?.manager.dispose();
    this.current = undefined;
  }

  dispose(): void {
    this.reset();
  }
}
