import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { DeviceStatus } from '../../shared/kiosk-api.ts';

export type PrinterBlock = 'PRINTER_PAPER_OUT' | 'PRINTER_COVER_OPEN' | 'PRINTER_ABSENT' | 'PRINTER_OFFLINE';

const UNUSABLE = new Set(['error', 'absent']);

/** The terminal's devices as the device host reports them, and what they allow. */
export const useDeviceStore = defineStore('device', () => {
  const devices = ref<DeviceStatus[]>([]);
  const loaded = ref(false);

  const find = (name: string) => devices.value.find((d) => d.device === name);
  const printer = computed(() => find('printer'));
  const idReader = computed(() => find('idReader'));
  const scanner = computed(() => find('scanner'));

  /** Why no ticket can be printed now, or null. A terminal without a printer cannot issue: no ghost tickets. */
  const printerBlock = computed<PrinterBlock | null>(() => {
    if (!loaded.value) return null;
    const p = printer.value;
    if (!p || p.state === 'absent' || p.code === 'DISCONNECTED') return 'PRINTER_ABSENT';
    if (p.code === 'PAPER_OUT') return 'PRINTER_PAPER_OUT';
    if (p.code === 'COVER_OPEN') return 'PRINTER_COVER_OPEN';
    if (p.state === 'error') return 'PRINTER_OFFLINE';
    return null;
  });
  const canPrint = computed(() => loaded.value && printerBlock.value === null);
  const paperLow = computed(() => printer.value?.code === 'PAPER_LOW');
  const readerMissing = computed(() => loaded.value && (!idReader.value || UNUSABLE.has(idReader.value.state)));
  const scannerMissing = computed(() => loaded.value && (!scanner.value || UNUSABLE.has(scanner.value.state)));

  function setDevices(next: DeviceStatus[]) {
    devices.value = next;
    loaded.value = true;
  }
  function clear() {
    devices.value = [];
    loaded.value = false;
  }

  return { devices, loaded, printer, idReader, scanner, printerBlock, canPrint, paperLow, readerMissing, scannerMissing, setDevices, clear };
});
