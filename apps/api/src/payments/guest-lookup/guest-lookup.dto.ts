import { PasswordField, PhoneField } from '../shared/payer.dto';

/** Body of `POST /v1/guests/payments/lookup` (R15): the phone and password given when paying. */
export class GuestLookupDto {
  @PhoneField()
  readonly phone!: string;

  @PasswordField()
  readonly password!: string;
}
