/**
 * The filing machine's document camera, through the browser's media API.
 * Electron's shell grants the camera to the filing role only; in a browser
 * the page asks. A camera that cannot be had is one of a few plain reasons
 * the screen words for the visitor.
 */

export type CameraProblem = 'unsupported' | 'denied' | 'not-found' | 'busy' | 'failed';

export class CameraUnavailable extends Error {
  readonly problem: CameraProblem;
  constructor(problem: CameraProblem) {
    super(`camera unavailable: ${problem}`);
    this.name = 'CameraUnavailable';
    this.problem = problem;
  }
}

/** A 1080p document camera's full frame: small print needs the pixels. */
export const CAMERA_CONSTRAINTS: MediaStreamConstraints = { video: { width: { ideal: 1920 }, height: { ideal: 1080 } }, audio: false };

export function cameraProblemOf(err: unknown): CameraProblem {
  if (err instanceof CameraUnavailable) return err.problem;
  const name = (err as { name?: unknown } | null)?.name;
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'denied';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'not-found';
    case 'NotReadableError':
    case 'AbortError':
      return 'busy';
    default:
      return 'failed';
  }
}

type MediaDevicesLike = { getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream> };

export async function openCamera(media: MediaDevicesLike | undefined = globalThis.navigator?.mediaDevices): Promise<MediaStream> {
  if (!media || typeof media.getUserMedia !== 'function') throw new CameraUnavailable('unsupported');
  try {
    return await media.getUserMedia(CAMERA_CONSTRAINTS);
  } catch (err) {
    throw new CameraUnavailable(cameraProblemOf(err));
  }
}

/** Lets the camera go (its light goes off): on leaving the capture screen and on every wipe. */
export function closeCamera(stream: MediaStream | null | undefined): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}
