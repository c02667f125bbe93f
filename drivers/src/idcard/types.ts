export type CardType = 'resident' | 'foreign' | 'foreign2023' | 'hmt';
export type Gender = 'male' | 'female';

/** Decoded card fields, exactly the shape `hall-drivers idcard read` prints (see contract.md). */
export interface IdCard {
  cardType: CardType;
  /** Chinese name; on foreign cards empty when the holder has none. */
  name: string;
  englishName?: string;
  gender: Gender;
  /** Resident cards: the nation name, e.g. `汉`. */
  nation?: string;
  /** Foreign cards: the nationality code as stored on the card, e.g. `USA`. */
  nationality?: string;
  /** YYYY-MM-DD */
  birthDate: string;
  address?: string;
  /** The card's own number, whatever its kind. */
  idNumber: string;
  /** HK/Macao/Taiwan permits: the travel permit number. */
  passNumber?: string;
  issuer?: string;
  /** YYYY-MM-DD */
  validFrom: string;
  /** YYYY-MM-DD or `long-term` */
  validTo: string;
}
