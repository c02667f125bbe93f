/** Opens the transport a terminal set-up names for a device. */
import { FileTransport, HidTransport, SerialTransport, TcpTransport, type Transport } from '@hall/drivers';
import type { ResolvedDevice } from '@hall/hardware-profiles';

export type TransportFactory = (device: ResolvedDevice) => Transport;

export const openTransport: TransportFactory = (device) => {
  const t = device.transport;
  switch (t.type) {
    case 'serial':
      return new SerialTransport({ path: t.path, baudRate: t.baudRate });
    case 'hid':
      return new HidTransport({ vendorId: t.vendorId, productId: t.productId });
    case 'tcp':
      return new TcpTransport({ host: t.host, port: t.port });
    case 'usb-printer':
      // The USB printer class node (/dev/usb/lp0) is not a tty: opened as a file, status read back on the same node.
      return new FileTransport({ path: t.path });
    default:
      throw new TypeError(`${device.name}: transport type "${(t as { type: string }).type}" is not supported by the device agent`);
  }
};

/** The line speed of a device, for wire-time figures; undefined for USB and TCP. */
export function baudRateOf(device: ResolvedDevice): number | undefined {
  return device.transport.type === 'serial' ? device.transport.baudRate : undefined;
}
