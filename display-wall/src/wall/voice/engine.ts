/** What the announcer needs of something that makes sound. */

export type Announcement = {
  id: number;
  number: string;
  windowNo: number;
  recall: boolean;
  /** Voice-pack segment ids, in the order they are spoken (repeats included). */
  segments: string[];
  /** The same announcement as text, one entry per spoken line, for speech synthesis. */
  lines: { lang: 'zh-CN' | 'en'; text: string }[];
  queuedAt: number;
  state: 'queued' | 'speaking' | 'spoken' | 'muted' | 'failed';
};

export type SpeakResult = 'spoken' | 'muted';

export type VoiceEngine = {
  readonly name: string;
  /** Whether the browser lets it make sound right now (autoplay policy). */
  audible(): boolean;
  /** Try to get sound; in a browser that needs a gesture this works only inside one. */
  unlock(): Promise<boolean>;
  /** Resolves when the announcement has been spoken to its end, never earlier. */
  speak(announcement: Announcement): Promise<SpeakResult>;
  /** Called with the new audibility when it changes by itself. */
  onAudibleChange?(listener: (audible: boolean) => void): void;
};
